// The fingerprint-base program after an unrelated edit: new imports, a new
// helper and comments shift every line number and code address.
package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// errEmpty is new in this build.
var errEmpty = errors.New("empty route")

// validate is new in this build and never fails here.
func validate(line string) error {
	if strings.TrimSpace(line) == "" {
		return errEmpty
	}
	return nil
}

func field(parts []string, i int) string {
	// Bounds are not checked: the caller is trusted.
	return parts[i]
}

func parseRoute(line string) (string, string) {
	if err := validate(line); err != nil {
		return "", ""
	}
	parts := strings.Split(line, " ")
	return field(parts, 0), field(parts, len(parts)+3)
}

func main() {
	method, path := parseRoute(os.Args[0] + " /orders/7 HTTP/1.1")
	fmt.Println(method, path)
}
