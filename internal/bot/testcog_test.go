package bot_test

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/bot"
	"cogd/internal/command"
)

// testCog has commands that misbehave on purpose.
type testCog struct {
	loadErr  error
	joined   chan string
	memberOK chan error
}

// info lists c as the cog "testing".
func (c *testCog) info() bot.CogInfo {
	return bot.CogInfo{Name: "testing", Description: "Commands for tests.", New: func() bot.Cog { return c }}
}

// Setup registers the commands and the join listener.
func (c *testCog) Setup(r *bot.Registrar) error {
	if c.loadErr != nil {
		return c.loadErr
	}
	r.Command(c.commands()...)
	r.Listen(c.listeners()...)
	return nil
}

func (c *testCog) commands() []*command.Command {
	return []*command.Command{
		{Name: "boom", Description: "Panics.", Run: func(context.Context, *command.Context) error {
			panic("kaboom")
		}},
		{Name: "fail", Description: "Fails with an internal error.", Run: func(context.Context, *command.Context) error {
			return errors.New("database on fire: secret detail")
		}},
		{Name: "long", Description: "Answers with 4500 characters.", Run: func(ctx context.Context, cx *command.Context) error {
			return cx.Reply(ctx, strings.Repeat("word ", 900))
		}},
		{Name: "echo", Description: "Repeats the text.", Params: []command.Param{command.String("text", "what to say").Rest()},
			Run: func(ctx context.Context, cx *command.Context) error { return cx.Reply(ctx, cx.String("text")) }},
		{Name: "slow", Description: "Outlives its 50 ms timeout.", Timeout: 50 * time.Millisecond,
			Run: func(ctx context.Context, cx *command.Context) error {
				<-ctx.Done()
				return ctx.Err()
			}},
		{Name: "whois", Description: "Looks a member up twice by ID.", Params: []command.Param{command.String("id", "user ID")}, Run: c.whois},
		{Name: "secret", Description: "Owner only.", Checks: []command.Check{command.IsOwner()},
			Run: func(ctx context.Context, cx *command.Context) error { return cx.Reply(ctx, "the owner's secret") }},
	}
}

func (c *testCog) whois(ctx context.Context, cx *command.Context) error {
	var m *discordgo.Member
	var err error
	for range 2 {
		if m, err = cx.Discord.Member(ctx, cx.GuildID(), cx.String("id")); err != nil {
			return err
		}
	}
	return cx.Reply(ctx, "found "+m.User.Username)
}

// listeners report joins.
func (c *testCog) listeners() []bot.Listener {
	return []bot.Listener{bot.On(func(_ context.Context, e *discordgo.GuildMemberAdd) error {
		if c.joined != nil {
			c.joined <- e.User.Username
		}
		if e.User.Username == "panicky" {
			panic("listener kaboom")
		}
		return nil
	})}
}
