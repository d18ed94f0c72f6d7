// Triggers: panic: interface conversion: main.fileStore is not main.Flusher: missing method Flush.
package main

import "fmt"

type Store interface{ Put(k, v string) }

type Flusher interface{ Flush() error }

type fileStore struct{ path string }

func (fileStore) Put(k, v string) {}

func shutdown(s Store) {
	if err := s.(Flusher).Flush(); err != nil {
		fmt.Println(err)
	}
}

func main() {
	shutdown(fileStore{path: "/tmp/db"})
}
