// Triggers: panic with "read tcp ...: read: connection reset by peer" (peer aborts with RST).
package main

import (
	"bufio"
	"net"
)

func readReply(conn net.Conn) string {
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		panic(err)
	}
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
		c, err := ln.Accept()
		if err != nil {
			return
		}
		buf := make([]byte, 16)
		c.Read(buf)
		c.(*net.TCPConn).SetLinger(0) // abortive close sends RST
		c.Close()
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		panic(err)
	}
	readReply(conn)
}
