// Triggers: fatal error: checkptr: converted pointer straddles multiple allocations (built with -d=checkptr).
package main

import (
	"fmt"
	"os"
	"unsafe"
)

type Header struct {
	Magic   uint64
	Version uint64
	Length  uint64
}

func parseHeader(b []byte) *Header {
	return (*Header)(unsafe.Pointer(&b[0]))
}

func main() {
	raw := make([]byte, 15+len(os.Args)) // short read: 16 bytes instead of 24
	fmt.Println(parseHeader(raw).Version)
}
