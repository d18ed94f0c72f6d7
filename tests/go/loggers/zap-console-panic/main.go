// Triggers: Panic on a zap logger built from the production config with
// the console encoder (ISO8601 time, capital levels), as many services
// configure it: one tab-separated line, the stack on the lines after it,
// then the runtime's panic.
package main

import (
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

func newLogger() *zap.Logger {
	cfg := zap.NewProductionConfig()
	cfg.Encoding = "console"
	cfg.EncoderConfig.EncodeTime = zapcore.ISO8601TimeEncoder
	cfg.EncoderConfig.EncodeLevel = zapcore.CapitalLevelEncoder
	return zap.Must(cfg.Build())
}

func openCache(logger *zap.Logger, dir string) {
	logger.Panic("cache directory not writable", zap.String("dir", dir))
}

func main() {
	logger := newLogger()
	defer logger.Sync()
	logger.Info("starting", zap.String("service", "thumbnails"))
	openCache(logger, "/var/cache/thumbnails")
}
