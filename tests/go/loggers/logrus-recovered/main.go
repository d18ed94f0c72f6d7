// Triggers: a worker's panic recovered and logged with logrus (text
// formatter) at error level, debug.Stack() in a field; the service then
// exits.
package main

import (
	"os"
	"runtime/debug"

	"github.com/sirupsen/logrus"
)

type job struct{ payload map[string]string }

func process(j *job) {
	j.payload["state"] = "done"
}

func worker(j *job) {
	defer func() {
		if r := recover(); r != nil {
			logrus.WithField("panic", r).WithField("stack", string(debug.Stack())).Error("panic recovered")
			os.Exit(1)
		}
	}()
	process(j)
}

func main() {
	logrus.Info("worker started")
	worker(&job{})
}
