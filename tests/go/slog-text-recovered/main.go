// Triggers: a request handler's panic recovered and logged by log/slog's
// text handler (logfmt) (level ERROR: slog has no panic level) with the value and
// debug.Stack() as attributes; the service then exits.
package main

import (
	"log/slog"
	"os"
	"runtime/debug"
)

func lookup(ids []int, i int) int {
	return ids[i]
}

func handle(logger *slog.Logger, i int) {
	defer func() {
		if r := recover(); r != nil {
			logger.Error("panic recovered", "path", "/orders", "panic", r, "stack", string(debug.Stack()))
			os.Exit(1)
		}
	}()
	lookup([]int{7}, i)
}

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	logger.Info("serving", "addr", ":8080")
	handle(logger, 3)
}
