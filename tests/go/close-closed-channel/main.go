// Triggers: panic: close of closed channel.
package main

import "fmt"

type Worker struct {
	quit chan struct{}
}

func (w *Worker) Stop() {
	close(w.quit)
}

func main() {
	w := &Worker{quit: make(chan struct{})}
	w.Stop()
	fmt.Println("stopped once")
	w.Stop()
}
