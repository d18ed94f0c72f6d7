// Same panic message as fingerprint-base, raised from a different function.
package main

import (
	"fmt"
	"os"
	"strings"
)

func header(parts []string, i int) string {
	return parts[i]
}

func parseHeader(line string) (string, string) {
	parts := strings.Split(line, ":")
	return header(parts, 0), header(parts, len(parts)+2)
}

func main() {
	name, value := parseHeader(os.Args[0] + ": x")
	fmt.Println(name, value)
}
