// Triggers: a Go panic inside an exported Go function called back from C (frames show _cgoexp_).
package main

/*
extern int goHandleEvent(int code);

static inline int dispatch_event(int code) {
	return goHandleEvent(code);
}
*/
import "C"

import "fmt"

var handlers = map[int]func() int{
	1: func() int { return 10 },
}

//export goHandleEvent
func goHandleEvent(code C.int) C.int {
	h := handlers[int(code)]
	return C.int(h()) // nil handler for unknown code
}

func main() {
	fmt.Println(C.dispatch_event(1))
	fmt.Println(C.dispatch_event(7))
}
