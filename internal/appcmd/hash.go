package appcmd

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// hashVersion changes when the way payloads are built changes in a way
// the JSON does not show, so that every scope is registered once more.
const hashVersion = "appcmd/v1"

// Scope is where commands are registered: globally (the zero Scope) or in
// one guild (COMMAND_GUILD_IDS, instant, for development).
type Scope struct {
	GuildID string
}

// Key names the scope for hash storage and logs: "global" or
// "guild:<id>".
func (s Scope) Key() string {
	if s.GuildID == "" {
		return "global"
	}
	return "guild:" + s.GuildID
}

// String returns Key.
func (s Scope) String() string { return s.Key() }

// Scopes are where commands are registered: the guilds of guildIDs
// (instant; for development), else globally.
func Scopes(guildIDs []string) []Scope {
	if len(guildIDs) == 0 {
		return []Scope{{}}
	}
	out := make([]Scope, len(guildIDs))
	for i, g := range guildIDs {
		out[i] = Scope{GuildID: g}
	}
	return out
}

// HashStore keeps the hash of what was last registered per scope; the
// lead's store implements it. LastHash returns "" when nothing is stored.
type HashStore interface {
	LastHash(ctx context.Context, scope Scope) (string, error)
	SaveHash(ctx context.Context, scope Scope, hash string) error
}

// Hash is a deterministic hash of the payload cmds for application appID:
// the SHA-256 of its JSON (Build sorts commands by type and name, and
// options keep their declared order), as hex.
func Hash(appID string, cmds []*discordgo.ApplicationCommand) (string, error) {
	body, err := json.Marshal(cmds)
	if err != nil {
		return "", fmt.Errorf("hash commands: %w", err)
	}
	h := sha256.New()
	h.Write([]byte(hashVersion + "\x00" + appID + "\x00"))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil)), nil
}
