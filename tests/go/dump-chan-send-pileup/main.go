// Triggers: a SIGQUIT goroutine dump taken after 30 goroutines have waited
// over a minute to send results nobody receives (a goroutine leak).
package main

import (
	"os"
	"runtime"
	"syscall"
	"time"
)

type result struct{ n int }

func fetch(n int, out chan<- result) {
	out <- result{n} // the caller gave up: nobody receives
}

func main() {
	out := make(chan result)
	for i := 0; i < 30; i++ {
		go fetch(i, out)
	}
	// A GC that finds a goroutine blocked starts its wait clock at the
	// previous GC's start (none for the first), and a dump prints the wait
	// once it reaches a minute.
	time.Sleep(time.Second)
	runtime.GC()
	runtime.GC()
	time.Sleep(61 * time.Second)
	syscall.Kill(os.Getpid(), syscall.SIGQUIT)
	time.Sleep(10 * time.Second)
}
