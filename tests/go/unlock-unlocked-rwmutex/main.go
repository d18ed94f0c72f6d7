// Triggers: fatal error: sync: Unlock of unlocked RWMutex.
package main

import "sync"

type Registry struct {
	mu    sync.RWMutex
	items map[string]string
}

func (r *Registry) Put(k, v string) {
	r.mu.Lock()
	r.items[k] = v
	r.mu.Unlock()
	r.mu.Unlock() // double unlock
}

func main() {
	r := &Registry{items: map[string]string{}}
	r.Put("a", "b")
}
