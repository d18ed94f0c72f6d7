// Triggers: a panic in a deferred function during a panic, inside a goroutine ("created by ... in goroutine N").
package main

import (
	"errors"
	"sync"
)

type Conn struct{ closed bool }

func (c *Conn) Close() {
	if c.closed {
		panic(errors.New("conn: close of closed connection"))
	}
	c.closed = true
}

func handle(c *Conn, payload []byte) {
	defer c.Close()
	if len(payload) == 0 {
		panic("handle: empty payload")
	}
}

func main() {
	c := &Conn{closed: true}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		handle(c, nil)
	}()
	wg.Wait()
}
