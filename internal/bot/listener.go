package bot

import (
	"context"
	"fmt"
	"reflect"
)

// Listener reacts to one type of gateway event.
type Listener interface {
	// Event names the event type, for logs and metrics.
	Event() string
	eventType() reflect.Type
	handle(ctx context.Context, ev any) error
}

// On returns a Listener for events of type E, a pointer to one of
// discordgo's event types, e.g.
// bot.On(func(ctx context.Context, e *discordgo.GuildMemberAdd) error {…}).
// The dispatcher runs it with the same recover, timeout and error path as
// commands. Registering a listener for a type the bot never delivers
// (a non-pointer, or not an event) fails the cog's set-up.
func On[E any](fn func(ctx context.Context, e E) error) Listener {
	return listenerFunc[E]{fn: fn}
}

type listenerFunc[E any] struct {
	fn func(ctx context.Context, e E) error
}

func (l listenerFunc[E]) Event() string { return eventName(reflect.TypeFor[E]()) }

func (l listenerFunc[E]) eventType() reflect.Type { return reflect.TypeFor[E]() }

func (l listenerFunc[E]) handle(ctx context.Context, ev any) error {
	e, ok := ev.(E)
	if !ok {
		return nil
	}
	return l.fn(ctx, e)
}

// eventName is the Go type name of an event ("GuildMemberAdd").
func eventName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

// checkListener rejects listeners that could never fire.
func checkListener(l Listener) error {
	if l == nil {
		return fmt.Errorf("nil listener")
	}
	t := l.eventType()
	if t.Kind() != reflect.Pointer {
		return fmt.Errorf("listener for %s: events are delivered as pointers; listen for *%s", t, t)
	}
	if !deliveredEvents[t] {
		return fmt.Errorf("listener for %s: the bot never delivers this type (not a discordgo gateway event)", t)
	}
	return nil
}
