// Triggers: panic with "listen tcp 127.0.0.1:80: bind: permission denied" (run as an unprivileged user).
package main

import (
	"fmt"
	"net"
)

func startHTTP(addr string) net.Listener {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		panic(fmt.Errorf("start http server: %w", err))
	}
	return ln
}

func main() {
	ln := startHTTP("127.0.0.1:80")
	defer ln.Close()
}
