// Triggers: fatal error: all goroutines are asleep - deadlock! (WaitGroup.Wait with a missing Done).
package main

import (
	"fmt"
	"sync"
)

func process(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func(it string) {
			if it == "" {
				return // forgot wg.Done
			}
			defer wg.Done()
			fmt.Println("processed", it)
		}(it)
	}
	wg.Wait()
}

func main() {
	process([]string{"a", "", "c"})
}
