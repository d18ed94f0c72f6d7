// Triggers: panic: assignment to entry in nil map, as a terminal records
// it: the run goes through a pseudo-terminal (script(1), see run), whose
// line discipline ends every line in CR LF, as a terminal log, a Windows
// console or a paste from either has it.
package main

import "fmt"

type Cache struct {
	entries map[string][]byte
}

func (c *Cache) Put(key string, v []byte) {
	c.entries[key] = v
}

func main() {
	var c Cache
	c.Put("session:42", []byte("ok"))
	fmt.Println(len(c.entries))
}
