// Triggers: a service cannot reach its database at start-up and calls
// Fatal on zap's production logger with the error: zap writes the record
// at level "fatal" with its stacktrace field, then exits with status 1.
package main

import (
	"net"
	"time"

	"go.uber.org/zap"
)

func connect(logger *zap.Logger, addr string) net.Conn {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		logger.Fatal("cannot connect to database", zap.String("addr", addr), zap.Error(err))
	}
	return conn
}

func main() {
	logger := zap.Must(zap.NewProduction())
	defer logger.Sync()
	logger.Info("starting", zap.String("service", "orders"))
	// Port 1 on loopback: nothing listens there, the dial is refused.
	connect(logger, "127.0.0.1:1")
}
