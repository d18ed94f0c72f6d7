// Triggers: a handler's panic on an HTTP/2 connection. net/http's bundled
// HTTP/2 server recovers it and logs `http2: panic serving ADDR: VALUE`
// with the stack (HTTP/1 says `http: panic serving`); the service then
// exits.
package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
)

type settings struct {
	limits map[string]int
}

func (s *settings) handle(w http.ResponseWriter, r *http.Request) {
	s.limits[strings.TrimPrefix(r.URL.Path, "/")]++
	io.WriteString(w, "ok")
}

func main() {
	s := &settings{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(s.handle))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	resp, err := srv.Client().Get(srv.URL + "/orders")
	if err == nil {
		resp.Body.Close()
	}
	srv.Close()
	os.Exit(1)
}
