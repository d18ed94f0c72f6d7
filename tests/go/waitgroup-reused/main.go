// Triggers: panic: sync: WaitGroup is reused before previous Wait has returned.
package main

import (
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		wg.Add(1)
		for w := 0; w < 4; w++ {
			go func() { wg.Wait() }()
		}
		go func() {
			wg.Done()
			wg.Add(1) // reused while waiters may still be waking up
			wg.Done()
		}()
		wg.Wait()
	}
}
