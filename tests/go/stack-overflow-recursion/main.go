// Triggers: runtime: goroutine stack exceeds 1000000000-byte limit / fatal error: stack overflow (unbounded recursion).
package main

import "fmt"

type Node struct {
	Name   string
	Parent *Node
}

func depth(n *Node) int {
	if n == nil {
		return 0
	}
	return 1 + depth(n.Parent)
}

func main() {
	a := &Node{Name: "a"}
	b := &Node{Name: "b", Parent: a}
	a.Parent = b // cycle
	fmt.Println(depth(b))
}
