// Triggers: a request handler's panic recovered and logged by log/slog's
// JSON handler with the error as an object, as ECS and Datadog lay it out
// (`error.kind`, `error.message`, `error.stack` with debug.Stack()); the
// service then exits.
package main

import (
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
)

type order struct {
	lines []string
}

func firstLine(o *order) string {
	return o.lines[0]
}

func handle(logger *slog.Logger, o *order) {
	defer func() {
		if r := recover(); r != nil {
			logger.Error("request failed", "http.route", "/orders/{id}",
				slog.Group("error",
					"kind", fmt.Sprintf("%T", r),
					"message", fmt.Sprint(r),
					"stack", string(debug.Stack())))
			os.Exit(1)
		}
	}()
	firstLine(o)
}

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	handle(logger, &order{})
}
