//go:debug panicnil=0

// Triggers: panic: panic called with nil argument (go1.21+ runtime.PanicNilError).
package main

import "fmt"

func validate(name string) error {
	if name == "" {
		var err error // nil error
		return err
	}
	return nil
}

func mustValidate(name string) {
	if err := validate(name); err == nil && name == "" {
		panic(err) // panics with a nil value
	}
}

func main() {
	mustValidate("")
	fmt.Println("ok")
}
