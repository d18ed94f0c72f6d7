// Triggers: panic with a multi-line error value (errors.Join; newer Go indents continuation lines).
package main

import (
	"errors"
	"fmt"
)

func validate(cfg map[string]string) error {
	var errs []error
	if cfg["listen"] == "" {
		errs = append(errs, errors.New("listen: must not be empty"))
	}
	if cfg["db"] == "" {
		errs = append(errs, fmt.Errorf("db: missing DSN\nhint: set DATABASE_URL"))
	}
	return errors.Join(errs...)
}

func main() {
	if err := validate(map[string]string{}); err != nil {
		panic(err)
	}
}
