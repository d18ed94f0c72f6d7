// Triggers: panic with "write /dev/full: no space left on device".
package main

import (
	"os"
)

func writeSnapshot(path string, data []byte) {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		panic(err)
	}
}

func main() {
	writeSnapshot("/dev/full", []byte("snapshot v1\n"))
}
