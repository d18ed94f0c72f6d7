// Triggers: a "can't happen" branch logged with DPanic on zap's
// development logger (console encoder): in development mode zap writes
// the record with its stack and then panics with the message.
package main

import "go.uber.org/zap"

type order struct {
	ID     int
	Status string
}

func nextStep(logger *zap.Logger, o order) string {
	switch o.Status {
	case "new":
		return "charge"
	case "paid":
		return "ship"
	}
	logger.DPanic("unknown order status", zap.Int("order", o.ID), zap.String("status", o.Status))
	return ""
}

func main() {
	logger := zap.Must(zap.NewDevelopment())
	defer logger.Sync()
	logger.Info("processing queue")
	nextStep(logger, order{ID: 42, Status: "refunded"})
}
