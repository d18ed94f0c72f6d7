// Triggers: log.Fatal from logrus (text formatter) with a listen error:
// logrus writes the record at level fatal and exits with status 1.
package main

import (
	"net"

	log "github.com/sirupsen/logrus"
)

func listen(addr string) net.Listener {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	return ln
}

func main() {
	busy := listen("127.0.0.1:0")
	log.WithField("addr", busy.Addr().String()).Info("starting")
	listen(busy.Addr().String())
}
