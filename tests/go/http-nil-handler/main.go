// Triggers: panic: http: nil handler.
package main

import (
	"net/http"
)

type API struct {
	health http.Handler
}

func (a *API) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/healthz", a.health)
	return mux
}

func main() {
	a := &API{}
	_ = a.Routes()
}
