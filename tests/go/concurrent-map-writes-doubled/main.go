// Triggers: fatal error: concurrent map writes, printed twice in a row when
// two goroutines detect the conflicting write at the same moment (many
// goroutines released at once, writing one map in tight loops).
package main

import (
	"runtime"
	"sync"
)

type Counters struct {
	hits map[int]int
}

func (c *Counters) Inc(k int) {
	c.hits[k]++
}

func hammer(c *Counters, start <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	<-start
	for i := 0; ; i++ {
		c.Inc(i & 7)
	}
}

func main() {
	c := &Counters{hits: make(map[int]int)}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4*runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go hammer(c, start, &wg)
	}
	close(start)
	wg.Wait()
}
