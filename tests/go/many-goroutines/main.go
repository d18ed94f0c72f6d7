// Triggers: a panic while 2000 goroutines are blocked (chan receive, select, mutex, sleep, IO wait); record with GOTRACEBACK=all.
package main

import (
	"net"
	"sync"
	"time"
)

type Stats struct {
	mu    sync.Mutex
	count map[string]int
}

func recvWorker(jobs <-chan int) {
	for j := range jobs {
		_ = j
	}
}

func selectWorker(a, b <-chan int, quit <-chan struct{}) {
	for {
		select {
		case <-a:
		case <-b:
		case <-quit:
			return
		}
	}
}

func lockWorker(s *Stats) {
	s.mu.Lock()
	s.count["x"]++
	s.mu.Unlock()
}

func sleepWorker(d time.Duration) {
	time.Sleep(d)
}

func readWorker(c net.Conn) {
	buf := make([]byte, 1)
	c.Read(buf)
}

func flush(s *Stats) {
	var pending map[string]int
	for k, v := range s.count {
		pending[k] = v // nil map
	}
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()

	jobs := make(chan int)
	a, b := make(chan int), make(chan int)
	quit := make(chan struct{})
	s := &Stats{count: map[string]int{"x": 1}}
	s.mu.Lock()

	for i := 0; i < 2000; i++ {
		switch i % 5 {
		case 0:
			go recvWorker(jobs)
		case 1:
			go selectWorker(a, b, quit)
		case 2:
			go lockWorker(s)
		case 3:
			go sleepWorker(time.Hour)
		case 4:
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				panic(err)
			}
			go readWorker(c)
		}
	}
	time.Sleep(500 * time.Millisecond)
	flush(s)
}
