// Triggers: panic: <prog> flag redefined: verbose.
package main

import (
	"flag"
	"fmt"
)

var verbose = flag.Bool("verbose", false, "verbose logging")

func registerDebugFlags() {
	flag.Bool("verbose", false, "debug: verbose output")
}

func main() {
	registerDebugFlags()
	flag.Parse()
	fmt.Println(*verbose)
}
