// Triggers: runtime error: integer divide by zero via the modulo operator.
package main

import (
	"fmt"
	"os"
)

func shardFor(key uint64, shards int) int {
	return int(key % uint64(shards))
}

func main() {
	shards := len(os.Args) - 1 // no shards configured
	fmt.Println("shard:", shardFor(0xdeadbeef, shards))
}
