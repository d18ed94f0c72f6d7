// Triggers: panic: sync/atomic: store of nil value into Value.
package main

import (
	"sync/atomic"
)

type Config struct{ Endpoint string }

var current atomic.Value

func reload(load func() *Config) {
	var cfg interface{}
	if c := load(); c != nil {
		cfg = c
	}
	current.Store(cfg)
}

func main() {
	reload(func() *Config { return nil })
}
