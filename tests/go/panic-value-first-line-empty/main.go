// A panic value whose text starts with a newline (Ginkgo's "\nYour test
// failed."): Go prints `panic: ` alone, the value on the lines after it.
// From Go 1.23 on those lines are indented (min_go): before, they are
// bare text, which the shippers' multiline rules cannot tell from the
// next log line.
package main

import "errors"

func check() {
	panic(errors.New("\nYour test failed.\nGinkgo panics to prevent subsequent assertions from running."))
}

func main() {
	check()
}
