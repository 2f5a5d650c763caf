package moderation

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
	"cogd/internal/restpolicy"
)

// recordError is an action whose case could not be stored: nothing was
// done on Discord.
type recordError struct {
	action modstore.Action
	err    error
}

func (e *recordError) Error() string { return "moderation: " + e.err.Error() }

func (e *recordError) Unwrap() error { return e.err }

// UserMessage says that nothing happened.
func (e *recordError) UserMessage() string {
	return "I couldn't record the case, so I did nothing on Discord: " + actionNoun(e.action) +
		" was not carried out. The database failed; try again in a moment."
}

// Kind is upstream_error: a dependency of the bot failed.
func (e *recordError) Kind() string { return command.KindUpstream }

// actionError is a recorded action Discord refused (the case is marked
// failed), or whose outcome is unknown (unsettled: the case stays pending
// until reconciliation checks Discord).
type actionError struct {
	c         modstore.Case
	cause     error
	unsettled bool
	// checked: Discord's answer was lost, and Discord then showed the
	// action not carried out.
	checked bool
}

func (e *actionError) Error() string {
	return fmt.Sprintf("moderation: case %d (%s): %v", e.c.Number, e.c.Action, e.cause)
}

func (e *actionError) Unwrap() error { return e.cause }

// UserMessage names the case and what became of it.
func (e *actionError) UserMessage() string {
	noun := actionNoun(e.c.Action)
	if e.unsettled {
		return fmt.Sprintf("I recorded case #%d but couldn't tell whether Discord carried out %s (%s). "+
			"The case stays pending; I'll check Discord and mark it.", e.c.Number, noun, command.Escape(failureText(e.cause)))
	}
	if e.checked {
		return fmt.Sprintf("I recorded case #%d but Discord did not carry out %s (%s). The case is marked failed.",
			e.c.Number, noun, command.Escape(failureText(e.cause)))
	}
	return fmt.Sprintf("I recorded case #%d but Discord refused %s: %s. The case is marked failed.",
		e.c.Number, noun, command.Escape(failureText(e.cause)))
}

// Kind is upstream_error: Discord did not do it.
func (e *actionError) Kind() string { return command.KindUpstream }

// refused reports whether Discord certainly did not carry out a request
// that failed with err: it answered 4xx, or the request was held back by
// a rate limit. Anything else (5xx, no answer) leaves the outcome unknown.
func refused(err error) bool {
	var rl *restpolicy.RateLimitedError
	status, _ := restError(err)
	return errors.As(err, &rl) || (status >= 400 && status < 500)
}

// statusPrefix is the "403: " Discord's generic errors begin with.
var statusPrefix = regexp.MustCompile(`^[0-9]{3}:\s*`)

// failureText is why an action failed, as stored in the case and shown:
// "403 Missing Permissions", "Discord is rate-limiting me, …".
func failureText(err error) string {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		msg := http.StatusText(re.Response.StatusCode)
		if re.Message != nil && re.Message.Message != "" {
			msg = statusPrefix.ReplaceAllString(re.Message.Message, "")
		}
		return fmt.Sprintf("%d %s", re.Response.StatusCode, msg)
	}
	if uf, ok := command.AsUserFacing(err); ok && uf.UserMessage() != "" {
		return strings.TrimRight(uf.UserMessage(), ".")
	}
	if err == nil {
		return ""
	}
	return err.Error()
}
