// Triggers: a goroutine dump (pprof goroutine debug=2, as
// /debug/pprof/goroutine?debug=2 serves it) taken after 40 goroutines have
// waited over a minute for a mutex that main holds.
package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

type Store struct {
	mu   sync.Mutex
	data map[string]string
}

func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
}

func worker(jobs <-chan string) {
	for j := range jobs {
		_ = j
	}
}

func main() {
	s := &Store{data: map[string]string{}}
	s.mu.Lock() // never released: every Put waits
	for i := 0; i < 40; i++ {
		go s.Put("k", "v")
	}
	jobs := make(chan string)
	for i := 0; i < 3; i++ {
		go worker(jobs)
	}
	// A GC that finds a goroutine blocked starts its wait clock at the
	// previous GC's start (none for the first), and a dump prints the wait
	// once it reaches a minute.
	time.Sleep(time.Second)
	runtime.GC()
	runtime.GC()
	time.Sleep(61 * time.Second)
	pprof.Lookup("goroutine").WriteTo(os.Stderr, 2)
}
