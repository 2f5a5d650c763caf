package utility

import (
	"context"
	"fmt"
	"time"

	"cogd/internal/command"
)

func (c *Cog) ping() *command.Command {
	return &command.Command{
		Name:        "ping",
		Aliases:     []string{"latency"},
		Description: "Shows the gateway heartbeat latency and the REST round trip.",
		Examples:    []string{"ping"},
		Run:         c.runPing,
	}
}

func (c *Cog) runPing(ctx context.Context, cx *command.Context) error {
	rest, err := c.gateway.RESTLatency(ctx)
	if err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	gw := c.gateway.Latency(cx.GuildID())
	return cx.Reply(ctx, fmt.Sprintf("Pong! Gateway heartbeat: %s · REST round trip: %s", millis(gw), millis(rest)))
}

// millis renders a latency for people; zero means no heartbeat has been
// acknowledged yet.
func millis(d time.Duration) string {
	if d <= 0 {
		return "not measured yet"
	}
	if d < time.Millisecond {
		return "<1 ms"
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}
