// Triggers: recover then panic again with the same value ("[recovered]" annotation).
package main

import (
	"fmt"
	"log"
)

func withLogging(name string, fn func()) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("%s failed: %v", name, r)
			panic(r) // re-panic after logging
		}
	}()
	fn()
}

func loadUser(id int) {
	users := map[int]string{1: "ann"}
	if _, ok := users[id]; !ok {
		panic(fmt.Sprintf("user %d not found", id))
	}
}

func main() {
	withLogging("loadUser", func() { loadUser(7) })
}
