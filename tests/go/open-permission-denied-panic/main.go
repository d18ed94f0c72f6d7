// Triggers: panic with "open /var/log/panicdemo.log: permission denied" (run as an unprivileged user).
package main

import (
	"log"
	"os"
)

func openLog(path string) *os.File {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		panic(err)
	}
	return f
}

func main() {
	f := openLog("/var/log/panicdemo.log")
	log.SetOutput(f)
	log.Println("started")
}
