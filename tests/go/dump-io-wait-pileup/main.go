// Triggers: a goroutine dump (pprof goroutine debug=2) of a server whose
// 200 connection handlers all wait in the same Read for clients that never
// send.
package main

import (
	"net"
	"os"
	"runtime/pprof"
	"time"
)

func handle(c net.Conn) {
	buf := make([]byte, 512)
	for {
		if _, err := c.Read(buf); err != nil {
			return
		}
	}
}

func serve(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go handle(c)
	}
}

func main() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go serve(l)
	var idle []net.Conn
	for i := 0; i < 200; i++ {
		c, err := net.Dial("tcp", l.Addr().String())
		if err != nil {
			panic(err)
		}
		idle = append(idle, c)
	}
	time.Sleep(2 * time.Second)
	pprof.Lookup("goroutine").WriteTo(os.Stderr, 2)
	_ = idle
}
