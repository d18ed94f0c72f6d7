// Triggers: fatal error: concurrent map writes while other goroutines are
// busy on other threads; with GOTRACEBACK=all/system their blocks read
// "goroutine N [running]:" / "goroutine running on other thread; stack unavailable".
package main

import (
	"runtime"
	"sync"
	"time"
)

type Index struct {
	byName map[string]int
}

func (ix *Index) Put(name string, v int) {
	ix.byName[name] = v
}

// snapshot keeps its thread busy in long copies (runtime.memmove cannot be
// preempted), so the crash cannot stop it.
func snapshot(dst, src []byte) {
	for {
		copy(dst, src)
	}
}

func main() {
	runtime.GOMAXPROCS(4)
	ix := &Index{byName: make(map[string]int)}
	for i := 0; i < 2; i++ {
		go snapshot(make([]byte, 64<<20), make([]byte, 64<<20))
	}
	time.Sleep(100 * time.Millisecond)
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				ix.Put("k", i+w)
			}
		}(w)
	}
	wg.Wait()
}
