// Triggers an index out of range in a request parser; fingerprint-shifted is
// the same program rebuilt with shifted lines, fingerprint-other-site panics
// with the same message from another function.
package main

import (
	"fmt"
	"os"
	"strings"
)

func field(parts []string, i int) string {
	return parts[i]
}

func parseRoute(line string) (string, string) {
	parts := strings.Split(line, " ")
	return field(parts, 0), field(parts, len(parts)+2)
}

func main() {
	method, path := parseRoute(os.Args[0] + " /orders")
	fmt.Println(method, path)
}
