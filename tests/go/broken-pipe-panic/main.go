// Triggers: panic with "write tcp ...: write: broken pipe" (peer closed the connection before we wrote).
package main

import (
	"bytes"
	"net"
	"time"
)

func streamReport(conn net.Conn) {
	chunk := bytes.Repeat([]byte("x"), 4<<10)
	for {
		if _, err := conn.Write(chunk); err != nil {
			panic(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Close() // client goes away immediately
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		panic(err)
	}
	time.Sleep(100 * time.Millisecond) // building the report
	streamReport(conn)
}
