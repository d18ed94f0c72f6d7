// Triggers: fatal error: no goroutines (main called runtime.Goexit) - deadlock!
package main

import (
	"fmt"
	"runtime"
)

func finish() {
	fmt.Println("main done, waiting for workers")
	runtime.Goexit()
}

func main() {
	go func() {
		fmt.Println("worker done")
	}()
	finish()
}
