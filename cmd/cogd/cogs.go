package main

import (
	"cogd/cogs/example"
	"cogd/cogs/moderation"
	"cogd/cogs/owner"
	"cogd/cogs/utility"
	"cogd/internal/bot"
)

// cogList is every cog cogd ships, in load order: the one list COGS,
// reload, load, unload and help derive from. Adding a cog is one new
// folder under cogs/ and one line here.
func cogList() []bot.CogInfo {
	return []bot.CogInfo{
		moderation.Info,
		utility.Info,
		owner.Info,
		example.Info, // opt-in: loaded only when COGS names it
	}
}
