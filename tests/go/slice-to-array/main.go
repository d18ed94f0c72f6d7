// Triggers: cannot convert slice with length 2 to (array or) pointer to array with length 4.
package main

import "fmt"

func ipv4(b []byte) *[4]byte {
	return (*[4]byte)(b)
}

func main() {
	raw := []byte{10, 0}
	fmt.Println(ipv4(raw))
}
