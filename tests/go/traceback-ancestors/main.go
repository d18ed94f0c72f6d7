// Triggers: a panic in a goroutine created by a goroutine created by main,
// run with GODEBUG=tracebackancestors=5 ("[originating from goroutine N]:" sections).
package main

import (
	"fmt"
	"sync"
)

type Job struct {
	ID      int
	Payload []byte
}

func process(j Job) {
	if len(j.Payload) == 0 {
		panic(fmt.Sprintf("job %d: empty payload", j.ID))
	}
}

func worker(jobs <-chan Job, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		process(j)
	}
}

func dispatch(batch []Job, wg *sync.WaitGroup) {
	defer wg.Done()
	jobs := make(chan Job)
	var inner sync.WaitGroup
	inner.Add(1)
	go worker(jobs, &inner)
	for _, j := range batch {
		jobs <- j
	}
	close(jobs)
	inner.Wait()
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go dispatch([]Job{{ID: 1, Payload: []byte("a")}, {ID: 2}}, &wg)
	wg.Wait()
}
