package gateway

import (
	"errors"
	"fmt"

	"github.com/gorilla/websocket"
)

// fatalReason names what the operator must fix after a gateway close
// code that reconnecting cannot help; "" for codes that are not fatal.
func fatalReason(code int) string {
	switch code {
	case 4004:
		return "authentication failed: DISCORD_TOKEN is wrong or was reset (Developer Portal → your application → Bot → Reset Token)"
	case 4010:
		return "invalid shard: SHARD_IDS must be below SHARD_COUNT"
	case 4011:
		return "sharding required: the bot is in too many guilds for one shard; set SHARD_COUNT=auto or a larger count"
	case 4012:
		return "invalid API version: DISCORD_API_URL must point at API v9 or v10"
	case 4013:
		return "invalid intents: the intents bitmask is not valid"
	case 4014:
		return "disallowed intents: enable the Server Members and Message Content intents (Developer Portal → your application → Bot → Privileged Gateway Intents)"
	}
	return ""
}

// FatalError is a gateway close that must not be retried.
type FatalError struct {
	Shard int
	Code  int
}

// Error names the close code and the fix.
func (e *FatalError) Error() string {
	return fmt.Sprintf("shard %d: gateway closed with %d: %s", e.Shard, e.Code, fatalReason(e.Code))
}

// IsFatalCode reports whether a close code ends the shard.
func IsFatalCode(code int) bool {
	return fatalReason(code) != ""
}

// closeCodeOf returns the close code carried by err, or 0.
func closeCodeOf(err error) int {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	return 0
}
