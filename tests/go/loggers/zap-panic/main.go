// Triggers: a service finds a required setting missing at start-up and
// calls Panic on zap's production logger (JSON encoder): zap writes the
// record at level "panic" with its stacktrace field, then panics with the
// message.
package main

import "go.uber.org/zap"

func mustConfig(logger *zap.Logger, settings map[string]string) string {
	dsn, ok := settings["database_url"]
	if !ok {
		logger.Panic("missing required setting",
			zap.String("key", "database_url"), zap.String("file", "/etc/orders/config.yaml"))
	}
	return dsn
}

func main() {
	logger := zap.Must(zap.NewProduction())
	defer logger.Sync()
	logger.Info("starting", zap.String("service", "orders"))
	mustConfig(logger, map[string]string{"listen": ":8080"})
}
