// Triggers: slice bounds out of range on a string ([:12] with length 5).
package main

import (
	"fmt"
	"os"
)

func shortID(id string) string {
	return id[:12]
}

func main() {
	id := "ab12f"
	if len(os.Args) > 1 {
		id = os.Args[1]
	}
	fmt.Println("container", shortID(id))
}
