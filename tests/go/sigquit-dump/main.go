// Triggers: SIGQUIT: quit goroutine dump (the process sends itself SIGQUIT
// while goroutines are blocked on a channel, a mutex and a select).
package main

import (
	"os"
	"sync"
	"syscall"
	"time"
)

type Queue struct {
	mu    sync.Mutex
	items chan string
}

func (q *Queue) consume() {
	for it := range q.items {
		_ = it
	}
}

func (q *Queue) flush() {
	q.mu.Lock()
	defer q.mu.Unlock()
}

func watch(stop <-chan struct{}, tick <-chan time.Time) {
	for {
		select {
		case <-stop:
			return
		case <-tick:
		}
	}
}

func main() {
	q := &Queue{items: make(chan string)}
	stop := make(chan struct{})
	q.mu.Lock() // held by main: flush blocks
	go q.consume()
	go q.flush()
	go watch(stop, nil)
	time.Sleep(200 * time.Millisecond)
	syscall.Kill(os.Getpid(), syscall.SIGQUIT)
	time.Sleep(10 * time.Second)
}
