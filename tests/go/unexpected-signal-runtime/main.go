// Triggers: fatal error: unexpected signal during runtime execution (close of a corrupted channel: fault inside the runtime lock).
package main

import (
	"fmt"
	"unsafe"
)

type Worker struct {
	ID   uint64
	Done chan struct{}
}

// fromShared reinterprets a record received from a shared-memory segment.
func fromShared(b []byte) *Worker {
	return (*Worker)(unsafe.Pointer(&b[0]))
}

func (w *Worker) Stop() {
	close(w.Done)
}

func main() {
	rec := make([]byte, 16)
	*(*uint64)(unsafe.Pointer(&rec[0])) = 7
	*(*uint64)(unsafe.Pointer(&rec[8])) = 0xdead0000 // pointer from another process
	w := fromShared(rec)
	fmt.Println("stopping worker", w.ID)
	w.Stop()
}
