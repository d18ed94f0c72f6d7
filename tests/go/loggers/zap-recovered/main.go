// Triggers: a request handler's panic recovered and logged by zap's
// production logger at error level with the value and zap.Stack; at error
// level zap adds its own stacktrace field too. The service then exits.
package main

import (
	"os"

	"go.uber.org/zap"
)

func lookup(ids []int, i int) int {
	return ids[i]
}

func handle(logger *zap.Logger, i int) {
	defer func() {
		if r := recover(); r != nil {
			logger.Error("panic recovered", zap.String("path", "/orders"), zap.Any("panic", r), zap.Stack("stack"))
			logger.Sync()
			os.Exit(1)
		}
	}()
	lookup([]int{7}, i)
}

func main() {
	logger := zap.Must(zap.NewProduction())
	logger.Info("serving", zap.String("addr", ":8080"))
	handle(logger, 3)
}
