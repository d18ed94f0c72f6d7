// Triggers: fatal error: concurrent map read and map write.
package main

import (
	"strconv"
	"time"
)

var sessions = map[string]int{}

func lookup(id string) int {
	return sessions[id]
}

func refresh() {
	for i := 0; ; i++ {
		sessions[strconv.Itoa(i%1000)] = i
	}
}

func main() {
	go refresh()
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; time.Now().Before(deadline); i++ {
		_ = lookup(strconv.Itoa(i % 1000))
	}
}
