// Triggers: panic with "use of closed network connection".
package main

import (
	"net"
)

type Client struct {
	conn net.Conn
}

func (c *Client) Close() { c.conn.Close() }

func (c *Client) Send(msg string) {
	if _, err := c.conn.Write([]byte(msg)); err != nil {
		panic(err)
	}
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
			defer c.Close()
		}
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		panic(err)
	}
	c := &Client{conn: conn}
	c.Close()
	c.Send("hello\n")
}
