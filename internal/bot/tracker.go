package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// Tracker lets a console or a test wait until the bot has handled a
// message: pass Observe as Options.Observe, then Wait for the message ID.
type Tracker struct {
	seen chan string
}

// NewTracker returns a Tracker that remembers up to 4096 unread IDs.
func NewTracker() *Tracker { return &Tracker{seen: make(chan string, 4096)} }

// Observe records that the dispatcher took m.
func (t *Tracker) Observe(m *discordgo.Message) {
	select {
	case t.seen <- m.ID:
	default:
	}
}

// Wait blocks until message id was taken and every command and listener
// it started has finished, or ctx ends.
func (t *Tracker) Wait(ctx context.Context, b *Bot, id string) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case got := <-t.seen:
			if got == id {
				return b.Dispatcher().Idle(ctx)
			}
		}
	}
}
