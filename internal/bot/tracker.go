package bot

import "context"

// Tracker lets a console or a test wait until the bot has handled a
// message: pass Settled as Options.Settled, then Wait for the message ID.
// Messages the frame filter drops unread are settled too, so waiting on
// chat works with the filter on, as in production.
type Tracker struct {
	seen chan string
}

// NewTracker returns a Tracker that remembers up to 4096 unread IDs.
func NewTracker() *Tracker { return &Tracker{seen: make(chan string, 4096)} }

// Settled records that the bot is done receiving message id.
func (t *Tracker) Settled(id string) {
	select {
	case t.seen <- id:
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
