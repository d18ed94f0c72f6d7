// Triggers: fatal error: concurrent map writes.
package main

import (
	"fmt"
	"sync"
)

type Cache struct {
	entries map[string]int
}

func (c *Cache) Set(k string, v int) {
	c.entries[k] = v
}

func main() {
	c := &Cache{entries: make(map[string]int)}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				c.Set(fmt.Sprintf("k%d", i%100), w)
			}
		}(w)
	}
	wg.Wait()
}
