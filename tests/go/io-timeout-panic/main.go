// Triggers: panic with "read tcp ...: i/o timeout" (peer never answers, read deadline expires).
package main

import (
	"bufio"
	"net"
	"time"
)

func readGreeting(addr string) string {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		panic(err)
	}
	return line
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_ = c // silent server: accepts and never writes
		}
	}()
	readGreeting(ln.Addr().String())
}
