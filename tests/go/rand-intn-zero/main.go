// Triggers: panic: invalid argument to Intn.
package main

import (
	"fmt"
	"math/rand"
)

func pickBackend(backends []string) string {
	return backends[rand.Intn(len(backends))]
}

func main() {
	var healthy []string
	fmt.Println(pickBackend(healthy))
}
