// Triggers: panic: sync: negative WaitGroup counter.
package main

import "sync"

func runAll(tasks []func()) {
	var wg sync.WaitGroup
	wg.Add(len(tasks))
	for _, t := range tasks {
		t()
		wg.Done()
	}
	wg.Done() // one Done too many
	wg.Wait()
}

func main() {
	runAll([]func(){func() {}, func() {}})
}
