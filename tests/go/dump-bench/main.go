// Not a fixture (gen.sh skips it: see no_fixture): the goroutine dump
// `make bench` measures. Starts N goroutines (the first argument, default
// 10000) parked in the states a busy service shows, at a few call depths,
// and writes a pprof goroutine dump (debug=2) to stdout.
package main

import (
	"os"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"
)

type pool struct {
	mu   sync.Mutex
	jobs chan int
	quit chan struct{}
}

func (p *pool) receive() { <-p.jobs }

func (p *pool) wait() {
	select {
	case <-p.jobs:
	case <-p.quit:
	}
}

func (p *pool) lock() {
	p.mu.Lock()
	defer p.mu.Unlock()
}

func sleep() { time.Sleep(time.Hour) }

// nest parks at depth d, so equal work gives distinct stacks.
func nest(d int, park func()) {
	if d == 0 {
		park()
		return
	}
	nest(d-1, park)
}

func main() {
	n := 10000
	if len(os.Args) > 1 {
		if v, err := strconv.Atoi(os.Args[1]); err == nil {
			n = v
		}
	}
	p := &pool{jobs: make(chan int), quit: make(chan struct{})}
	p.mu.Lock()
	parks := []func(){p.receive, p.wait, p.lock, sleep}
	var started sync.WaitGroup
	for i := 0; i < n; i++ {
		started.Add(1)
		go func(i int) {
			started.Done()
			nest(i%5, parks[i%len(parks)])
		}(i)
	}
	started.Wait()
	time.Sleep(500 * time.Millisecond)
	pprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
}
