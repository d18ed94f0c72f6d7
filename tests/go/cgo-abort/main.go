// C code called through cgo calls abort() (a failed assert, glibc's heap
// checks): the runtime prints SIGABRT and that the signal arrived during
// cgo execution, then the goroutine that made the call.
package main

/*
#include <stdlib.h>

static void encoder_destroy(void) { abort(); }
*/
import "C"

func closeEncoder() {
	C.encoder_destroy()
}

func main() {
	closeEncoder()
}
