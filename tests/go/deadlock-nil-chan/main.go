// Triggers: fatal error: all goroutines are asleep - deadlock! (receive from nil channel).
package main

import "fmt"

type Pipeline struct {
	out chan string
}

func (p *Pipeline) Next() string {
	return <-p.out
}

func main() {
	p := &Pipeline{}
	fmt.Println(p.Next())
}
