package restpolicy

import (
	"net/http"
	"testing"
	"time"
)

// TestParse429Scope: each of Discord's three signs of a global limit is
// enough on its own, a shared scope is kept, and a 429 from Discord with
// none of them is the route's.
func TestParse429Scope(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		body    string
		want    string
	}{
		{"X-RateLimit-Global only", map[string]string{"X-RateLimit-Global": "true", "X-RateLimit-Bucket": "b"}, `{"retry_after":1,"global":false}`, ScopeGlobal},
		{"scope global only", map[string]string{"X-RateLimit-Scope": "global"}, `{"retry_after":1}`, ScopeGlobal},
		{"JSON global only", map[string]string{"X-RateLimit-Bucket": "b"}, `{"retry_after":1,"global":true}`, ScopeGlobal},
		{"shared", map[string]string{"X-RateLimit-Scope": "shared", "X-RateLimit-Bucket": "b"}, `{"retry_after":1}`, ScopeShared},
		{"route", map[string]string{"X-RateLimit-Scope": "user", "X-RateLimit-Bucket": "b"}, `{"retry_after":1,"global":false}`, ScopeUser},
		{"HTML without Discord's headers", map[string]string{"Retry-After": "2"}, `<html>`, ScopeGlobal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.headers {
				h.Set(k, v)
			}
			if got := parse429(h, []byte(tt.body), time.Unix(0, 0)).scope; got != tt.want {
				t.Errorf("scope %q, want %q", got, tt.want)
			}
		})
	}
}
