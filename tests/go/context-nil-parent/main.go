// Triggers: panic: cannot create context from nil parent.
package main

import (
	"context"
	"fmt"
	"time"
)

type Job struct {
	ctx context.Context
}

func (j *Job) Run() error {
	ctx, cancel := context.WithTimeout(j.ctx, time.Second)
	defer cancel()
	<-ctx.Done()
	return ctx.Err()
}

func main() {
	j := &Job{} // ctx never set
	fmt.Println(j.Run())
}
