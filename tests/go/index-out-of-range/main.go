// Triggers: panic: runtime error: index out of range [3] with length 3 (reading one past the end of a slice).
package main

import "fmt"

type Shard struct {
	ID    int
	Hosts []string
}

func primary(shards []Shard, key int) string {
	s := shards[key%4] // 4 assumed, 3 configured
	return s.Hosts[0]
}

func main() {
	shards := []Shard{
		{ID: 0, Hosts: []string{"db0"}},
		{ID: 1, Hosts: []string{"db1"}},
		{ID: 2, Hosts: []string{"db2"}},
	}
	for key := 0; key < 8; key++ {
		fmt.Println(key, primary(shards, key))
	}
}
