// Triggers: runtime error: integer divide by zero.
package main

import (
	"fmt"
	"os"
)

func average(total, count int) int {
	return total / count
}

func main() {
	samples := []int{}
	if len(os.Args) > 5 {
		samples = append(samples, 1)
	}
	total := 0
	for _, s := range samples {
		total += s
	}
	fmt.Println("avg:", average(total, len(samples)))
}
