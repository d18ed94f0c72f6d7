// Triggers: a gRPC handler's panic as go-grpc-middleware v2 reports it
// with its default options. Its recovery interceptor turns the panic into
// a PanicError (runtime.Stack of the panicking goroutine, formatted
// "panic caught: %v\n\n%s"), and its logging interceptor logs the call
// as "finished call" with the error's text in the grpc.error field, here
// through a log/slog JSON handler. The module proxy is out of reach, so
// this program prints that format with the standard library: the stack
// is the runtime's own.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
)

// PanicError is go-grpc-middleware v2's recovery.PanicError.
type PanicError struct {
	Panic any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("panic caught: %v\n\n%s", e.Panic, e.Stack)
}

func recoverFrom(p any) error {
	stack := make([]byte, 64<<10)
	stack = stack[:runtime.Stack(stack, false)]
	return &PanicError{Panic: p, Stack: stack}
}

// unaryRecovery is recovery.UnaryServerInterceptor without options.
func unaryRecovery(ctx context.Context, req any, handler func(context.Context, any) (any, error)) (_ any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = recoverFrom(r)
		}
	}()
	return handler(ctx, req)
}

type order struct{ items []string }

func getOrder(_ context.Context, req any) (any, error) {
	o := req.(*order)
	return o.items[2], nil
}

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	logger.Info("started call", "protocol", "grpc", "grpc.component", "server", "grpc.service", "shop.v1.Orders", "grpc.method", "GetOrder")
	_, err := unaryRecovery(context.Background(), &order{items: []string{"a"}}, getOrder)
	if err != nil {
		logger.Error("finished call", "protocol", "grpc", "grpc.component", "server", "grpc.service", "shop.v1.Orders", "grpc.method", "GetOrder", "grpc.code", "Unknown", "grpc.error", err.Error())
	}
}
