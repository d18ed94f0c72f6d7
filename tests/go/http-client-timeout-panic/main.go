// Triggers: panic with an http.Client timeout error ("context deadline exceeded (Client.Timeout exceeded while awaiting headers)").
package main

import (
	"io"
	"net"
	"net/http"
	"time"
)

func getStatus(client *http.Client, url string) string {
	resp, err := client.Get(url)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(3 * time.Second) // slow backend
		w.Write([]byte("ok"))
	})}
	go srv.Serve(ln)
	client := &http.Client{Timeout: 300 * time.Millisecond}
	getStatus(client, "http://"+ln.Addr().String()+"/status")
}
