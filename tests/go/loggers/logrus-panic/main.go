// Triggers: Panic on a logrus entry with fields (text formatter, the
// default): logrus writes the record at level panic, then panics with the
// *logrus.Entry, which the runtime prints as a type and an address.
package main

import log "github.com/sirupsen/logrus"

var stock = map[string]int{"sku-1": 1}

func reserve(sku string, n int) {
	if stock[sku] < n {
		log.WithField("sku", sku).WithField("want", n).Panic("inventory underflow")
	}
	stock[sku] -= n
}

func main() {
	log.Info("reserving")
	reserve("sku-1", 3)
}
