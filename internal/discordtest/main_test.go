package discordtest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// allIntents are the intents the default application may request.
const allIntents = discordgo.IntentsAllWithoutPrivileged | discordgo.IntentGuildMembers | discordgo.IntentMessageContent

// testCtx returns a context that ends with the test or after 10 seconds.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// openSession connects a discordgo session to srv; setup may register handlers first.
func openSession(t *testing.T, srv *Server, intents discordgo.Intent, setup func(*discordgo.Session)) *discordgo.Session {
	t.Helper()
	dg := restSession(t, srv, intents)
	if setup != nil {
		setup(dg)
	}
	if err := srv.Open(testCtx(t), dg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeSession(dg) })
	return dg
}

// closeSession switches discordgo's own reconnect off, then closes: its
// heartbeat goroutine may still fail a write during Close and would
// otherwise start a reconnect loop that outlives the server (a leak).
// Taking the session lock orders the switch before that goroutine's
// Close, which takes the lock before it reads the flag.
func closeSession(dg *discordgo.Session) {
	dg.Lock()
	dg.ShouldReconnectOnError = false
	dg.Unlock()
	_ = dg.Close()
}

// restSession returns an unopened session for REST calls.
func restSession(t *testing.T, srv *Server, intents discordgo.Intent) *discordgo.Session {
	t.Helper()
	dg, err := srv.NewSession(intents)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dg.Client.Transport.(*Transport).CloseIdleConnections)
	return dg
}

// collect registers a handler that forwards events of type T to the returned channel.
func collect[T any](dg *discordgo.Session) <-chan T {
	ch := make(chan T, 256)
	dg.AddHandler(func(_ *discordgo.Session, e T) {
		select {
		case ch <- e:
		default:
		}
	})
	return ch
}

// recv waits for the next value of ch.
func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		var zero T
		t.Fatalf("timed out waiting for %T", zero)
		return zero
	}
}

// waitFor waits until cond holds.
func waitFor(t *testing.T, srv *Server, what string, cond func() bool) {
	t.Helper()
	if err := srv.WaitFor(testCtx(t), cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// restCode returns the Discord error code of a discordgo REST error (-1 if none).
func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return -1
}

// restStatus returns the HTTP status of a discordgo REST error (0 if none).
func restStatus(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) {
		return re.Response.StatusCode
	}
	return 0
}
