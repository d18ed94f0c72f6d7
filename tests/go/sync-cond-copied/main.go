// Triggers: panic: sync.Cond is copied.
package main

import (
	"sync"
	"time"
)

type Queue struct {
	mu    sync.Mutex
	cond  sync.Cond
	items []int
}

func (q Queue) Signal() { // value receiver copies the Cond
	q.cond.Signal()
}

func main() {
	q := &Queue{}
	q.cond.L = &q.mu
	q.cond.Signal() // first use records the address
	go func() {
		time.Sleep(10 * time.Millisecond)
	}()
	q.Signal()
}
