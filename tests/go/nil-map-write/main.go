// Triggers: panic: assignment to entry in nil map (a struct's map field never initialised).
package main

import "fmt"

type Registry struct {
	name     string
	handlers map[string]func() error
}

func (r *Registry) Register(name string, h func() error) {
	r.handlers[name] = h
}

func main() {
	r := &Registry{name: "jobs"}
	r.Register("cleanup", func() error { return nil })
	fmt.Println(len(r.handlers))
}
