// Triggers: runtime.Stack(buf, true) printed by the program after 25
// goroutines have waited over a minute in a select whose cases never fire.
package main

import (
	"os"
	"runtime"
	"time"
)

type Session struct {
	events chan string
	done   chan struct{}
}

func (s *Session) loop() {
	for {
		select {
		case e := <-s.events:
			_ = e
		case <-s.done:
			return
		}
	}
}

func main() {
	for i := 0; i < 25; i++ {
		s := &Session{events: make(chan string), done: make(chan struct{})}
		go s.loop()
	}
	// A GC that finds a goroutine blocked starts its wait clock at the
	// previous GC's start (none for the first), and a dump prints the wait
	// once it reaches a minute.
	time.Sleep(time.Second)
	runtime.GC()
	runtime.GC()
	time.Sleep(61 * time.Second)
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	os.Stderr.Write(buf[:n])
}
