// Triggers: panic: strings: negative Repeat count.
package main

import (
	"fmt"
	"strings"
)

func pad(s string, width int) string {
	return s + strings.Repeat(" ", width-len(s))
}

func main() {
	fmt.Printf("[%s]\n", pad("status", 10))
	fmt.Printf("[%s]\n", pad("a-very-long-column-name", 10))
}
