// Triggers: a goroutine profile (pprof goroutine debug=1, as
// /debug/pprof/goroutine?debug=1 serves it) of a process with 12,000
// goroutines parked, each started per request and never finished.
package main

import (
	"os"
	"runtime/pprof"
	"time"
)

func handleRequest(id int, reply chan int) {
	reply <- id // nobody reads the reply
}

func main() {
	reply := make(chan int)
	for i := 0; i < 12000; i++ {
		go handleRequest(i, reply)
	}
	time.Sleep(2 * time.Second)
	pprof.Lookup("goroutine").WriteTo(os.Stderr, 1)
}
