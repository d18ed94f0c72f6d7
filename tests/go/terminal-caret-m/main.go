// Triggers: panic: close of closed channel, as a pager or `cat -v` shows a
// terminal's record of it: the CR of every line end printed as a literal
// `^M` (see run), as pastes copied from such a view have it.
package main

type Pool struct {
	done chan struct{}
}

func (p *Pool) Shutdown() {
	close(p.done)
}

func main() {
	p := &Pool{done: make(chan struct{})}
	p.Shutdown()
	p.Shutdown()
}
