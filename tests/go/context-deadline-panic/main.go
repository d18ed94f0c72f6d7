// Triggers: panic with "context deadline exceeded" from a slow operation.
package main

import (
	"context"
	"fmt"
	"time"
)

func fetchInventory(ctx context.Context) (int, error) {
	select {
	case <-time.After(2 * time.Second):
		return 42, nil
	case <-ctx.Done():
		return 0, fmt.Errorf("fetch inventory: %w", ctx.Err())
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	n, err := fetchInventory(ctx)
	if err != nil {
		panic(err)
	}
	fmt.Println(n)
}
