// Calls runtime.SetFinalizer on a non-pointer: a fatal error with no entry
// of its own in the catalog, so it exercises the fatal-error fallback.
package main

import (
	"fmt"
	"runtime"
)

type handle struct{ fd int }

func track(h handle) {
	runtime.SetFinalizer(h, func(h handle) { fmt.Println("closing", h.fd) })
}

func main() {
	track(handle{fd: 3})
}
