// Triggers: panic: nil (panic(nil) with GODEBUG=panicnil=1, the pre-go1.21 behaviour).
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
