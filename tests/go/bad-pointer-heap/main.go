// Triggers: runtime: pointer ... to unallocated span / fatal error: found bad pointer in Go heap (stale pointer kept as uintptr).
package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"unsafe"
)

type Record struct {
	buf *[8 << 20]byte
}

var cache = make([]*Record, 0, 16)

// stash revives a buffer address that was saved as a uintptr earlier.
func stash(r *Record, addr uintptr) {
	*(*uintptr)(unsafe.Pointer(&r.buf)) = addr
	cache = append(cache, r)
}

func main() {
	runtime.GC() // warm up: background workers and their stacks exist
	r := &Record{}
	big := new([8 << 20]byte)
	big[0] = 1
	addr := uintptr(unsafe.Pointer(big)) // only the address survives
	big = nil
	runtime.GC()
	debug.FreeOSMemory()
	stash(r, addr+4<<20)
	runtime.GC()
	fmt.Println(len(cache))
}
