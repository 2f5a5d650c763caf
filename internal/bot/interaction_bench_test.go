package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/command"
)

// nopInteractions answers every interaction call without a request.
type nopInteractions struct{ responses int }

func (n *nopInteractions) InteractionRespond(*discordgo.Interaction, *discordgo.InteractionResponse, ...discordgo.RequestOption) error {
	n.responses++
	return nil
}

func (n *nopInteractions) InteractionResponseEdit(*discordgo.Interaction, *discordgo.WebhookEdit, ...discordgo.RequestOption) (*discordgo.Message, error) {
	return &discordgo.Message{}, nil
}

func (n *nopInteractions) InteractionResponseDelete(*discordgo.Interaction, ...discordgo.RequestOption) error {
	return nil
}

func (n *nopInteractions) FollowupMessageCreate(*discordgo.Interaction, bool, *discordgo.WebhookParams, ...discordgo.RequestOption) (*discordgo.Message, error) {
	return &discordgo.Message{}, nil
}

func (n *nopInteractions) RequestWithBucketID(string, string, any, string, ...discordgo.RequestOption) ([]byte, error) {
	n.responses++
	return nil, nil
}

func (n *nopInteractions) FollowupMessageEdit(*discordgo.Interaction, string, *discordgo.WebhookEdit, ...discordgo.RequestOption) (*discordgo.Message, error) {
	return &discordgo.Message{}, nil
}

// slashPayload is an INTERACTION_CREATE for /pong in a guild.
const slashPayload = `{"id":"1577000000000000001","application_id":"1577000000000000002","type":2,
"data":{"id":"1577000000000000003","name":"pong","type":1},"guild_id":"1577000000000000004",
"channel_id":"1577000000000000005","member":{"user":{"id":"1577000000000000006","username":"alice"},
"roles":[],"permissions":"1024","joined_at":"2026-12-01T00:00:00Z"},"app_permissions":"2048",
"token":"tok","version":1,"locale":"en-US"}`

// BenchmarkInteractionSlash is the interaction path without the network:
// decode the INTERACTION_CREATE payload, route it to the command through
// the same chain as prefix commands (recover, metrics/log, checks, bind,
// run) and answer with a type-4 callback (to a recorder).
func BenchmarkInteractionSlash(b *testing.B) {
	log := slog.New(slog.DiscardHandler)
	api := &nopInteractions{}
	d := NewDispatcher(DispatcherOptions{BotID: "1577000000000000002", Prefix: func(string) string { return "!" },
		Errors: &ErrorHandler{Log: log, RefID: func() string { return "ref" }}, Timeout: time.Minute, Base: context.Background(),
		Interactions: api, DeferAfter: time.Minute, Log: log})
	reg, err := setupCog(CogInfo{Name: "bench", New: func() Cog {
		return fnCog(func(r *Registrar) error {
			r.Command(&command.Command{Name: "pong", Description: "pong", Run: func(ctx context.Context, c *command.Context) error { return c.Reply(ctx, "pong") }})
			return nil
		})
	}}, &host{ctx: context.Background(), log: log})
	if err != nil {
		b.Fatal(err)
	}
	rt, err := buildRoutes([]*registration{reg}, func(run command.RunFunc) command.RunFunc { return command.Chain(run, Recover) })
	if err != nil {
		b.Fatal(err)
	}
	d.routes.Store(rt)
	raw := []byte(slashPayload)
	b.ReportAllocs()
	for b.Loop() {
		var ic discordgo.InteractionCreate
		if err := json.Unmarshal(raw, &ic); err != nil {
			b.Fatal(err)
		}
		if d.start() {
			d.interact(ic.Interaction, 0)
		}
	}
	if api.responses < b.N {
		b.Fatalf("%d responses for %d interactions", api.responses, b.N)
	}
}
