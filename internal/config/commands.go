package config

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// The COMMAND_SYNC values.
const (
	// SyncAuto registers application commands only when their hash changed.
	SyncAuto = "auto"
	// SyncAlways registers them on every start and reload.
	SyncAlways = "always"
	// SyncOff never registers them.
	SyncOff = "off"
)

// parseCommandSync accepts auto, always or off in any case.
func parseCommandSync(c *Config, v string) error {
	m := strings.ToLower(v)
	if m != SyncAuto && m != SyncAlways && m != SyncOff {
		return fmt.Errorf("%s is not a sync mode (want auto, always or off)", quoted(v))
	}
	c.CommandSync = m
	return nil
}

// parseCommandGuildIDs accepts a comma list of distinct guild snowflakes.
func parseCommandGuildIDs(c *Config, v string) error {
	ids, err := splitList(v)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !isSnowflake(id) {
			return fmt.Errorf("%q is not a guild ID (want 17 to 20 digits)", id)
		}
	}
	c.CommandGuildIDs = ids
	return nil
}

// privilegedIntent is one name REQUIRE_INTENTS accepts.
type privilegedIntent struct {
	name   string
	intent discordgo.Intent
}

// privilegedIntents are the names REQUIRE_INTENTS accepts, in the order
// errors list them.
func privilegedIntents() []privilegedIntent {
	return []privilegedIntent{
		{"message_content", discordgo.IntentMessageContent},
		{"guild_members", discordgo.IntentGuildMembers},
		{"guild_presences", discordgo.IntentGuildPresences},
	}
}

// intentNames lists the accepted names, comma-separated.
func intentNames() string {
	var names []string
	for _, p := range privilegedIntents() {
		names = append(names, p.name)
	}
	return strings.Join(names, ", ")
}

// parseRequireIntents accepts a comma list of privileged intent names in
// any case; empty requires none.
func parseRequireIntents(c *Config, v string) error {
	names, err := splitList(strings.ToLower(v))
	if err != nil {
		return err
	}
	var want discordgo.Intent
	for _, n := range names {
		i, ok := intentByName(n)
		if !ok {
			return fmt.Errorf("%q is not a privileged intent (want %s)", n, intentNames())
		}
		want |= i
	}
	c.RequireIntents = want
	return nil
}

// intentByName finds a privileged intent by its REQUIRE_INTENTS name.
func intentByName(name string) (discordgo.Intent, bool) {
	for _, p := range privilegedIntents() {
		if p.name == name {
			return p.intent, true
		}
	}
	return 0, false
}

// formatIntents writes the privileged intents of i as REQUIRE_INTENTS
// names, comma-separated, in the order of privilegedIntents.
func formatIntents(i discordgo.Intent) string {
	var names []string
	for _, p := range privilegedIntents() {
		if i&p.intent != 0 {
			names = append(names, p.name)
		}
	}
	return strings.Join(names, ",")
}
