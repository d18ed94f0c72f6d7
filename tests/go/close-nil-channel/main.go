// Triggers: panic: close of nil channel.
package main

type Server struct {
	done chan struct{}
}

func (s *Server) Shutdown() {
	close(s.done)
}

func main() {
	s := &Server{} // done never made
	s.Shutdown()
}
