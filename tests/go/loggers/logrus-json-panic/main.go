// Triggers: Panic on a logrus entry with the JSON formatter: one JSON
// record at level panic, then the runtime's panic with the *logrus.Entry.
package main

import (
	"strconv"

	log "github.com/sirupsen/logrus"
)

func parsePort(s string) int {
	port, err := strconv.Atoi(s)
	if err != nil {
		log.WithError(err).WithField("value", s).Panic("invalid port")
	}
	return port
}

func main() {
	log.SetFormatter(&log.JSONFormatter{})
	log.Info("starting")
	parsePort("80a")
}
