package restpolicy

import (
	"strings"
)

// apiPath strips the /api or /api/vN prefix of a request path.
func apiPath(p string) string {
	rest, ok := strings.CutPrefix(p, "/api/")
	if !ok {
		return p
	}
	if strings.HasPrefix(rest, "v") {
		if i := strings.IndexByte(rest, '/'); i > 0 && isDigits(rest[1:i]) {
			return rest[i:]
		}
	}
	return "/" + rest
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// segmentsOf splits an API path into its segments.
func segmentsOf(path string) []string {
	return strings.Split(strings.Trim(apiPath(path), "/"), "/")
}

// templateSegments replaces IDs ({id}), interaction and webhook tokens
// ({token}) and reaction emoji ({emoji}) in segs, in place. keepMajor
// keeps the first ID after channels, guilds and webhooks (Discord's major
// parameter, part of the bucket).
func templateSegments(segs []string, keepMajor bool) {
	for i, s := range segs {
		prev := ""
		if i > 0 {
			prev = segs[i-1]
		}
		switch {
		case i == 1 && keepMajor && (prev == "channels" || prev == "guilds" || prev == "webhooks"):
		case isDigits(s):
			segs[i] = "{id}"
		case i == 2 && (segs[0] == "webhooks" || segs[0] == "interactions"):
			segs[i] = "{token}"
		case prev == "reactions":
			segs[i] = "{emoji}"
		}
	}
}

// Route returns the low-cardinality template of a request for metrics and
// errors: "POST /channels/{id}/messages".
func Route(method, path string) string {
	segs := segmentsOf(path)
	templateSegments(segs, false)
	return method + " /" + strings.Join(segs, "/")
}

// bucketRoute is the key under which a route's bucket is remembered: the
// template with the major parameter kept.
func bucketRoute(method, path string) string {
	segs := segmentsOf(path)
	templateSegments(segs, true)
	return method + " /" + strings.Join(segs, "/")
}

// majorOf returns the major parameter of path ("channels/123"), or "".
func majorOf(path string) string {
	segs := segmentsOf(path)
	if len(segs) >= 2 && (segs[0] == "channels" || segs[0] == "guilds" || segs[0] == "webhooks") {
		return segs[0] + "/" + segs[1]
	}
	return ""
}

// exemptFromGlobal reports whether path is an interaction callback or a
// webhook call with a token (followups), which Discord exempts from the
// global limit and which must never wait on it.
func exemptFromGlobal(path string) bool {
	segs := segmentsOf(path)
	return len(segs) >= 3 && (segs[0] == "interactions" || segs[0] == "webhooks")
}
