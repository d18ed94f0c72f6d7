// Triggers: runtime: bad pointer in frame ... / fatal error: invalid pointer found on stack.
package main

import (
	"fmt"
	"unsafe"
)

type Entry struct{ key, val int }

func walk(n int) int {
	var buf [64]byte
	if n == 0 {
		return int(buf[0])
	}
	return walk(n-1) + int(buf[n%64])
}

func lookup(idx uintptr) int {
	e := (*Entry)(unsafe.Pointer(idx)) // an index used as a pointer
	total := walk(10000)              // stack grows while e is live
	return total + e.key
}

func main() {
	fmt.Println(lookup(0x18))
}
