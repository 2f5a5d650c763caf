package restpolicy

import (
	"strings"
	"testing"
)

// FuzzRoute: the metrics route of a path never carries an ID (so the
// route label has bounded cardinality), the bucket route differs from it
// only in the major parameter, and both ignore the API version prefix.
func FuzzRoute(f *testing.F) {
	for _, p := range []string{"/api/v9/channels/123/messages/456", "/api/v10/guilds/1/bans/2", "/api/v9/interactions/9/tok/callback",
		"/api/v9/webhooks/1/tok/messages/@original", "/api/channels/1/messages/2/reactions/%F0%9F%91%8D/@me", "", "/", "//x//"} {
		f.Add("GET", p, "42")
	}
	f.Fuzz(func(t *testing.T, method, path, id string) {
		if !isDigits(id) || method == "" || strings.Trim(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			t.Skip()
		}
		route := Route(method, path)
		for _, seg := range strings.Split(strings.TrimPrefix(route, method+" "), "/") {
			if isDigits(seg) {
				t.Fatalf("Route(%q) = %q keeps an ID", path, route)
			}
		}
		if !strings.HasPrefix(route, method+" /") {
			t.Fatalf("Route(%q) = %q", path, route)
		}
		if strings.HasPrefix(path, "/") && !strings.HasPrefix(path, "/api/") {
			if v := Route(method, "/api/v9"+path); v != route {
				t.Fatalf("versioned %q, unversioned %q", v, route)
			}
		}
		if b := bucketRoute(method, path); len(strings.Split(b, "/")) != len(strings.Split(route, "/")) {
			t.Fatalf("bucket route %q and route %q differ in shape", b, route)
		}
		if m := majorOf(path); m != "" && !strings.Contains(apiPath(path), m) {
			t.Fatalf("major %q not in %q", m, path)
		}
		_ = exemptFromGlobal(path)
	})
}
