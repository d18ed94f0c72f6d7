// Triggers: fatal error: runtime: out of memory (run under ulimit -v).
package main

import "fmt"

func loadAll(n int) [][]byte {
	var chunks [][]byte
	for i := 0; i < n; i++ {
		chunks = append(chunks, make([]byte, 256<<20))
	}
	return chunks
}

func main() {
	chunks := loadAll(64)
	fmt.Println(len(chunks))
}
