// Triggers: panic with a value of several paragraphs, as a test
// framework's failure panic reads (Ginkgo's "Your test failed." ... "call
// defer GinkgoRecover()" in a goroutine). Go before 1.18 prints the value
// as it is, blank lines and all; newer Go indents its further lines.
package main

import "sync"

const failure = `
Your test failed.
The framework panics to stop the assertions that follow.

If an assertion fails in a goroutine, the framework cannot rescue the panic.
Call

	defer Recover()

at the top of that goroutine.
`

func assertEqual(got, want int) {
	if got != want {
		panic(failure)
	}
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		assertEqual(2, 3)
	}()
	wg.Wait()
}
