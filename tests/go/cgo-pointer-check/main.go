// Triggers: panic: runtime error: cgo argument has Go pointer to (unpinned) Go pointer.
package main

/*
#include <stddef.h>
static size_t count_items(void *p) { return p != NULL; }
*/
import "C"

import (
	"fmt"
	"unsafe"
)

type Item struct {
	Name *string
	ID   int
}

func register(items []*Item) int {
	return int(C.count_items(unsafe.Pointer(&items[0])))
}

func main() {
	n := "widget"
	items := []*Item{{Name: &n, ID: 1}}
	fmt.Println(register(items))
}
