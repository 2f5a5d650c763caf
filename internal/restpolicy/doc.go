// Package restpolicy is the one REST policy every request cogd makes to
// Discord goes through: an http.RoundTripper beneath discordgo (gateway's
// per-session HTTP client composes it), so messages, moderation, DMs,
// member fetches, command sync and interactions all share it.
//
// It keeps Discord's per-route buckets (X-RateLimit-Bucket, -Remaining,
// -Reset-After), stops every request of the process during a global 429
// (X-RateLimit-Global or X-RateLimit-Scope: global, with or without
// Reset-After, and any 429 that does not come from Discord's API at all:
// an HTML page from Cloudflare or a proxy's refusal, which limit the IP),
// honours Retry-After on every 429 whatever its body, retries 429s and
// 5xx (500, 502, 503, 504; exponential backoff with jitter) a bounded
// number of times within the caller's context deadline, and turns what
// still fails into *RateLimitedError or *UnavailableError. Interaction
// callbacks and webhook followups are exempt from the global limit, as on
// Discord, and never wait on it.
//
// It also counts invalid requests (401, 403, 429 except scope "shared")
// in a sliding ten-minute window, because Discord bans an IP that makes
// 10,000 of them: a warning at half the limit, and requests refused with
// *RateLimitedError from 80 % until the window has room again.
//
// discordgo's own limiter is starved on purpose: the policy removes the
// X-RateLimit-* headers from the responses it hands up, and 429s never
// reach discordgo (they become errors). See Policy.RoundTrip for why.
package restpolicy
