// Triggers: panic: sync: WaitGroup misuse: Add called concurrently with Wait.
// (Flush tolerates the sibling "WaitGroup is reused" panic so the run keeps
// going until Add itself detects the misuse.)
package main

import (
	"sync"
	"time"
)

type Batcher struct {
	wg sync.WaitGroup
}

// submit starts a task; it may be called while Flush is waiting.
func (b *Batcher) submit() {
	b.wg.Add(1)
	go b.wg.Done()
}

func (b *Batcher) Flush() {
	defer func() { recover() }()
	b.wg.Wait()
}

func main() {
	b := &Batcher{}
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; i < 2; i++ {
		go func() {
			for {
				b.submit()
			}
		}()
	}
	for time.Now().Before(deadline) {
		b.Flush()
	}
}
