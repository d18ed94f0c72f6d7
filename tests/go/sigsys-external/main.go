// Sends itself SIGSYS, as a seccomp policy in kill mode or an operator
// would: the runtime prints the signal, PC= and every goroutine, exits 2.
package main

import (
	"os"
	"syscall"
	"time"
)

func main() {
	_ = syscall.Kill(os.Getpid(), syscall.SIGSYS)
	time.Sleep(5 * time.Second)
}
