// Triggers: slice bounds out of range [4:3] (low > high).
package main

import "fmt"

func window(items []int, from, to int) []int {
	return items[from:to]
}

func main() {
	items := []int{1, 2, 3, 4, 5, 6}
	fmt.Println(window(items, 4, 3))
}
