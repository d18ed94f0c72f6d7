// Triggers: fatal error: all goroutines are asleep - deadlock! (main blocked in chan receive).
package main

import "fmt"

func collect(results <-chan int, n int) int {
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-results
	}
	return sum
}

func main() {
	results := make(chan int)
	go func() {
		results <- 1
		results <- 2
	}()
	fmt.Println(collect(results, 3))
}
