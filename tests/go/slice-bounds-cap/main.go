// Triggers: slice bounds out of range [:4] with capacity 3.
package main

import "fmt"

func header(buf []byte) []byte {
	return buf[:4]
}

func main() {
	buf := make([]byte, 3)
	fmt.Println(header(buf))
}
