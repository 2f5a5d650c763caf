package restpolicy

import (
	"net/http"
	"testing"
	"time"
)

func FuzzHeaders(f *testing.F) {
	for _, s := range []string{"1", "0.250", "", "-1", "NaN", "1e308", "Wed, 21 Oct 2015 07:28:00 GMT", "abc", " 2 ", "Inf"} {
		f.Add(s, s, "a1b2c3", `{"retry_after":0.5,"global":true}`)
	}
	f.Add("", "", "", "<html>")
	now := time.Unix(1_700_000_000, 0)
	f.Fuzz(func(t *testing.T, retryAfter, resetAfter, bucket, body string) {
		h := http.Header{}
		h.Set("Retry-After", retryAfter)
		h.Set("X-RateLimit-Reset-After", resetAfter)
		h.Set("X-RateLimit-Bucket", bucket)
		l := parse429(h, []byte(body), now)
		if l.retryAfter < 0 || l.retryAfter > maxWait {
			t.Fatalf("retryAfter = %v", l.retryAfter)
		}
		if l.scope != ScopeUser && l.scope != ScopeGlobal && l.scope != ScopeShared {
			t.Fatalf("scope = %q", l.scope)
		}
		if d, ok := parseSeconds(resetAfter); ok && (d < 0 || d > maxWait) {
			t.Fatalf("parseSeconds(%q) = %v", resetAfter, d)
		}
		if b := parseBucket(bucket); b != "" && b != bucket {
			t.Fatalf("parseBucket changed %q to %q", bucket, b)
		}
		if n, ok := parseRemaining(retryAfter); ok && n < 0 {
			t.Fatalf("parseRemaining(%q) = %d", retryAfter, n)
		}
		_ = Route("GET", "/api/v9/"+bucket+"/"+retryAfter)
	})
}
