// Triggers: growslice: len out of range (go1.19: growslice: cap out of range) by appending past max int.
package main

import (
	"fmt"
	"math"
)

type token struct{}

func acquire(pool []token, n int) []token {
	for i := 0; i < n; i++ {
		pool = append(pool, token{})
	}
	return pool
}

func main() {
	pool := make([]token, math.MaxInt)
	pool = acquire(pool, 1)
	fmt.Println(len(pool))
}
