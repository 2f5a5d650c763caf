package command

import (
	"context"
	"errors"
	"strings"
)

// Access is what help shows about whether the caller may run a command.
type Access struct {
	// Allowed reports that the caller's checks pass here. The bot's own
	// permissions do not count: a command the bot lacks permissions for is
	// still the caller's to know about (running it says what the bot needs).
	Allowed bool
	// OwnerOnly marks commands only the bot's owners can run.
	OwnerOnly bool
	// Reason says why the caller may not run it, for help: "Needs: Ban
	// Members", "Owner only", "Servers only", or a check's own sentence.
	Reason string
}

// Viewer tells help what the caller may run; help lists only commands
// whose Access is Allowed and says why for the others. A nil Viewer allows
// everything.
type Viewer func(*Command) Access

// access applies v, allowing everything when v is nil.
func (v Viewer) access(cmd *Command) Access {
	if v == nil {
		return Access{Allowed: true}
	}
	return v(cmd)
}

// AccessFor runs cmd's checks (not the cooldown, not the bot's
// permissions) for the caller of c and says whether they pass and, for
// an owner, whether the command is owner only.
func AccessFor(ctx context.Context, c *Context, cmd *Command) Access {
	if err := callerChecks(ctx, c, cmd); err != nil {
		return Access{OwnerOnly: isOwnerError(err), Reason: accessReason(err)}
	}
	a := Access{Allowed: true}
	if c.AuthorIsOwner() {
		other := *c
		other.IsOwner = nil
		a.OwnerOnly = isOwnerError(callerChecks(ctx, &other, cmd))
	}
	return a
}

// ViewerFor is the Viewer of c's caller (AccessFor).
func ViewerFor(ctx context.Context, c *Context) Viewer {
	return func(cmd *Command) Access { return AccessFor(ctx, c, cmd) }
}

// callerChecks runs cmd's checks in order, skipping the bot's permission
// check, and returns the first failure.
func callerChecks(ctx context.Context, c *Context, cmd *Command) error {
	for _, check := range Checks(cmd, nil) {
		err := check(ctx, c)
		var bot *BotMissingPermissionsError
		if err != nil && !errors.As(err, &bot) {
			return err
		}
	}
	return nil
}

func isOwnerError(err error) bool {
	var ce *CheckError
	return errors.As(err, &ce) && ce.Check == CheckOwner
}

// accessReason words a failed check for help.
func accessReason(err error) string {
	var (
		mp *MissingPermissionsError
		ce *CheckError
		uf UserFacing
	)
	switch {
	case errors.As(err, &mp):
		return "Needs: " + strings.Join(PermissionNames(mp.Missing), ", ")
	case errors.As(err, &ce) && ce.Check == CheckOwner:
		return "Owner only"
	case errors.As(err, &ce) && ce.Check == CheckGuildOnly:
		return "Servers only"
	case errors.As(err, &uf) && uf.UserMessage() != "":
		return uf.UserMessage()
	}
	return "A check failed"
}
