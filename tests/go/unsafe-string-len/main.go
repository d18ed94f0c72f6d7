//go:build go1.21

// Triggers: unsafe.String: len out of range (go1.20+).
package main

import (
	"fmt"
	"unsafe"
)

func cString(p *byte, n int) string {
	return unsafe.String(p, n)
}

func main() {
	buf := []byte("hello")
	n := len(buf) - 6 // off-by-one length computation
	fmt.Println(cString(&buf[0], n))
}
