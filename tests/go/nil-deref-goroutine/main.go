// Triggers: nil pointer dereference (method call on nil *Client) inside a worker goroutine.
package main

import (
	"fmt"
	"time"
)

type Client struct {
	addr    string
	retries int
}

func (c *Client) Send(msg string) error {
	if c.retries > 3 {
		return fmt.Errorf("too many retries")
	}
	fmt.Println("send", c.addr, msg)
	return nil
}

func worker(id int, c *Client, jobs <-chan string) {
	for j := range jobs {
		_ = c.Send(j)
	}
}

func main() {
	jobs := make(chan string)
	var c *Client // never initialised
	go worker(1, c, jobs)
	jobs <- "hello"
	time.Sleep(time.Second)
}
