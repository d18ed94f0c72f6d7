// Triggers: panic: test timed out after 1s (go test -timeout 1s).
package sync_test

import (
	"testing"
	"time"
)

func waitForReplica(ready <-chan struct{}) {
	<-ready
}

func TestReplicaSync(t *testing.T) {
	ready := make(chan struct{})
	go func() {
		time.Sleep(time.Hour) // replica never becomes ready
		close(ready)
	}()
	waitForReplica(ready)
}
