// Triggers: fatal error: concurrent map iteration and map write.
package main

import (
	"fmt"
	"time"
)

var metrics = map[string]int{"a": 1, "b": 2, "c": 3}

func snapshot() int {
	total := 0
	for _, v := range metrics {
		total += v
	}
	return total
}

func record() {
	for i := 0; ; i++ {
		metrics[fmt.Sprint(i%50)] = i
	}
}

func main() {
	go record()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		_ = snapshot()
	}
}
