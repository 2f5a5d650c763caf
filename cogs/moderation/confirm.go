package moderation

import (
	"context"
	"crypto/rand"
	"strings"
	"sync"
	"time"

	"cogd/internal/command"
)

// Windows and bounds of bulk actions.
const (
	// confirmWindow is how long a preview waits for its confirmation.
	confirmWindow = 60 * time.Second
	// undoWindow is how long a bulk action can be undone.
	undoWindow = 10 * time.Minute
	// maxTickets bounds the waiting confirmations (and, separately, the
	// undoable actions) of one process.
	maxTickets = 1000
	// codeAlphabet are the characters of a code: no 0/O, 1/I/L.
	codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	// codeLength is the length of a code.
	codeLength = 6
)

// bulkAction is a previewed action waiting for its moderator's
// confirmation.
type bulkAction interface {
	// permission is what the moderator needs to carry it out.
	permission() int64
	// run carries the action out and returns the answer for the moderator.
	run(ctx context.Context, s *service) (string, error)
}

// undoable is a bulk action that can be undone.
type undoable interface {
	// permission is what the moderator needs to undo it.
	permission() int64
	// undo reverts the action and returns the answer for the moderator.
	undo(ctx context.Context, s *service) (string, error)
}

// bulkState holds the previews waiting for confirmation and the actions
// that can still be undone, in memory (a restart forgets them: nothing
// happens without a confirmation, and unban still works by hand).
type bulkState struct {
	confirms *tickets[bulkAction]
	undos    *tickets[undoable]
}

// newBulkState returns empty stores on the clock now.
func newBulkState(now func() time.Time) bulkState {
	return bulkState{
		confirms: newTickets[bulkAction](now, confirmWindow, "confirm", "Previews wait 60 seconds; nothing was done. Run the command again for a new preview."),
		undos:    newTickets[undoable](now, undoWindow, "undo", "Bulk actions can be undone for 10 minutes; undo by hand now (`unban`)."),
	}
}

// confirm carries out the previewed action with the code, if the
// moderator in the guild asked for it and its 60 seconds have not passed;
// it returns the answer to show. The prefix transport's `confirm <code>`
// calls it; so will a Confirm button.
func confirm(ctx context.Context, s *service, moderatorID, guildID, code string) (string, error) {
	a, err := s.bulk.confirms.take(guildID, moderatorID, code)
	if err != nil {
		return "", err
	}
	if err := s.stillAllowed(ctx, guildID, moderatorID, a.permission()); err != nil {
		return "", err
	}
	return a.run(ctx, s)
}

// undo reverts the bulk action with the code, if the moderator in the
// guild did it less than 10 minutes ago; it returns the answer to show.
func undo(ctx context.Context, s *service, moderatorID, guildID, code string) (string, error) {
	a, err := s.bulk.undos.take(guildID, moderatorID, code)
	if err != nil {
		return "", err
	}
	if err := s.stillAllowed(ctx, guildID, moderatorID, a.permission()); err != nil {
		return "", err
	}
	return a.undo(ctx, s)
}

// stillAllowed refuses a confirmation or undo by a moderator who lost the
// permission since the preview (guild-wide permissions: the preview
// checked the channel's).
func (s *service) stillAllowed(ctx context.Context, guildID, moderatorID string, need int64) error {
	g, err := s.guild(ctx, guildID)
	if err != nil {
		return err
	}
	m, err := s.member(ctx, guildID, moderatorID)
	if err != nil {
		return err
	}
	if missing := need &^ command.ComputePermissions(g, nil, m, s.now()); missing != 0 {
		return &command.MissingPermissionsError{Missing: missing}
	}
	return nil
}

// bulkCommands are massban, confirm, undo and the case search.
func (c *Cog) bulkCommands() []*command.Command {
	codeParam := func(what string) command.Param { return command.String("code", what).MaxLen(2 * codeLength) }
	return []*command.Command{
		{Name: "massban", Description: "Bans many users at once, after a preview you confirm; undoable for 10 minutes.",
			Examples:  []string{"massban 123456789012345678 234567890123456789 raid", "massban @spam1 @spam2 spam bots"},
			GuildOnly: true, Permissions: permBan, BotPermissions: permBan, Timeout: 2 * time.Minute,
			Params: []command.Param{massbanTargetsParam(), reasonParam()}, Run: c.run(massban)},
		{Name: "confirm", Description: "Carries out a previewed purge or massban (within 60 seconds, only by who asked).",
			Examples: []string{"confirm K7Q2PX"}, GuildOnly: true, Timeout: 2 * time.Minute,
			Params: []command.Param{codeParam("the code the preview showed")}, Run: c.run(confirmCommand)},
		{Name: "undo", Description: "Lifts the bans of a massban (within 10 minutes, only by who banned).",
			Examples: []string{"undo M3W9TA"}, GuildOnly: true, Timeout: 2 * time.Minute,
			Params: []command.Param{codeParam("the code the massban showed")}, Run: c.run(undoCommand)},
		{Name: "cases", Description: "Searches cases: [member] [actions] [since] [page:N], in any order; newest first.",
			Examples:  []string{"cases", "cases bob", "cases bob ban 30d page:2", "cases kick timeout 7d", "cases @bob 2"},
			GuildOnly: true, Permissions: permModerate, BotPermissions: permEmbed,
			Params: []command.Param{command.String("query", "member, actions (ban, kick…), how far back (30d), page (page:2)").
				Rest().MaxLen(maxReason).Optional("")}, Run: c.run(cases)},
	}
}

// confirmCommand answers `confirm <code>`.
func confirmCommand(ctx context.Context, s *service, cx *command.Context) error {
	answer, err := confirm(ctx, s, cx.Author().ID, cx.GuildID(), cx.String("code"))
	if err != nil {
		return err
	}
	return cx.Reply(ctx, answer)
}

// undoCommand answers `undo <code>`.
func undoCommand(ctx context.Context, s *service, cx *command.Context) error {
	answer, err := undo(ctx, s, cx.Author().ID, cx.GuildID(), cx.String("code"))
	if err != nil {
		return err
	}
	return cx.Reply(ctx, answer)
}

// ticket is one waiting value, for one moderator in one guild.
type ticket[T any] struct {
	guildID, moderatorID string
	expires              time.Time
	value                T
}

// tickets is a bounded in-memory store of values waiting for their
// moderator, under short codes, on the cog's clock. An expired ticket is
// kept for another ttl, so that its code is answered "expired" rather than
// "unknown"; when the store is full, the ticket that expires first goes.
type tickets[T any] struct {
	now        func() time.Time
	ttl        time.Duration
	verb       string // "confirm" or "undo", for messages
	expiredMsg string

	mu    sync.Mutex
	items map[string]*ticket[T]
}

// newTickets returns an empty store whose tickets last ttl.
func newTickets[T any](now func() time.Time, ttl time.Duration, verb, expiredMsg string) *tickets[T] {
	return &tickets[T]{now: now, ttl: ttl, verb: verb, expiredMsg: expiredMsg, items: map[string]*ticket[T]{}}
}

// add stores v for the moderator in the guild and returns its code and
// when it expires.
func (t *tickets[T]) add(guildID, moderatorID string, v T) (string, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.pruneLocked(now)
	code := newCode()
	for t.items[code] != nil {
		code = newCode()
	}
	expires := now.Add(t.ttl)
	t.items[code] = &ticket[T]{guildID: guildID, moderatorID: moderatorID, expires: expires, value: v}
	return code, expires
}

// pruneLocked drops the tickets expired for longer than ttl and, when the
// store is full, the one that expires first.
func (t *tickets[T]) pruneLocked(now time.Time) {
	var first string
	for code, tk := range t.items {
		if now.After(tk.expires.Add(t.ttl)) {
			delete(t.items, code)
		} else if first == "" || tk.expires.Before(t.items[first].expires) {
			first = code
		}
	}
	if len(t.items) >= maxTickets {
		delete(t.items, first)
	}
}

// take removes and returns the value under code, if it is the moderator's
// in the guild and has not expired; otherwise it says why not (and leaves
// another moderator's ticket in place).
func (t *tickets[T]) take(guildID, moderatorID, code string) (T, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	t.mu.Lock()
	defer t.mu.Unlock()
	var zero T
	tk := t.items[code]
	switch {
	case tk == nil || tk.guildID != guildID:
		return zero, command.Errorf("There is nothing to %s with code %s.", t.verb, code)
	case tk.moderatorID != moderatorID:
		return zero, command.Errorf("Only the moderator who started it can %s %s.", t.verb, code)
	case t.now().After(tk.expires):
		delete(t.items, code)
		return zero, command.Errorf("Code %s expired. "+t.expiredMsg, code) // expiredMsg is a constant of ours
	}
	delete(t.items, code)
	return tk.value, nil
}

// newCode returns a random code of codeLength characters.
func newCode() string {
	b := make([]byte, codeLength)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}
