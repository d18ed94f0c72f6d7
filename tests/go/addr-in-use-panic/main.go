// Triggers: panic with "listen tcp 127.0.0.1:N: bind: address already in use".
package main

import (
	"fmt"
	"net"
)

func mustListen(addr string) net.Listener {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		panic(err)
	}
	return ln
}

func main() {
	first := mustListen("127.0.0.1:0")
	defer first.Close()
	// A second server instance is started on the same port.
	second := mustListen(first.Addr().String())
	fmt.Println("listening on", second.Addr())
}
