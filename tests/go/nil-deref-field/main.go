// Triggers: nil pointer dereference reading a struct field at a non-zero offset (addr=0x8...) in a goroutine.
package main

import (
	"fmt"
	"sync"
)

type Config struct {
	Name    string
	Retries int
	Limits  *Limits
}

type Limits struct {
	MaxConns int
	Burst    int
}

func burstFor(cfg *Config) int {
	return cfg.Limits.Burst
}

func main() {
	cfgs := []*Config{{Name: "primary", Limits: &Limits{MaxConns: 10, Burst: 5}}, {Name: "replica"}}
	var wg sync.WaitGroup
	for _, c := range cfgs {
		wg.Add(1)
		go func(c *Config) {
			defer wg.Done()
			fmt.Println(c.Name, burstFor(c))
		}(c)
		wg.Wait()
	}
}
