// Triggers: WARNING: DATA RACE (concurrent append to a shared slice), built with -race.
package main

import (
	"fmt"
	"sync"
)

type Batch struct {
	items []int
}

func (b *Batch) Add(v int) {
	b.items = append(b.items, v)
}

func main() {
	b := &Batch{}
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			b.Add(i)
		}(i)
	}
	wg.Wait()
	fmt.Println(len(b.items))
}
