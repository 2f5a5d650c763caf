package cache_test

import (
	"context"
	"fmt"
	"time"

	"cogd/internal/cache"
)

func Example() {
	prefixes := cache.New[string, string](cache.Options{Name: "prefix", Capacity: 10_000, TTL: 10 * time.Minute})
	prefixes.Set("81384788765712384", "?")
	if p, ok := prefixes.Get("81384788765712384"); ok {
		fmt.Println(p)
	}
	p, err := prefixes.GetOrLoad(context.Background(), "41771983423143937", func(context.Context) (string, error) {
		return "!", nil // a database read in the bot
	})
	fmt.Println(p, err)
	hits, misses, _ := prefixes.Stats()
	fmt.Println(hits, misses)
	// Output:
	// ?
	// ! <nil>
	// 1 1
}
