package modstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// maxErrorText bounds the stored last_error.
const maxErrorText = 1000

// ErrClaimLost is wrapped by MarkActionDone and MarkActionFailed when the
// action is now claimed by another owner: the caller's lease lapsed and
// another process took the action over, so the caller's outcome is not
// recorded.
var ErrClaimLost = errors.New("scheduled action claimed by another process")

// ScheduledAction is a moderation action to run later, such as lifting a
// tempban. It is pending until DoneAt or FailedAt is set.
type ScheduledAction struct {
	// ID is set by ScheduleAction.
	ID int64
	// GuildID is the guild to act in.
	GuildID string
	// Kind is what to do, e.g. ActionUnban or ActionUntimeout.
	Kind Action
	// TargetID is the user to act on.
	TargetID string
	// CaseID is the mod_cases ID of the case that scheduled it; 0 for none.
	CaseID int64
	// DueAt is when to run; a failed attempt moves it to the next retry.
	DueAt time.Time
	// Attempts counts runs, successful or not.
	Attempts int
	// LastError is the last failure's message; empty if none.
	LastError string
	// CreatedAt is set by ScheduleAction.
	CreatedAt time.Time
	// DoneAt is when it succeeded or was cancelled; zero while pending.
	DoneAt time.Time
	// FailedAt is when it failed permanently; zero otherwise.
	FailedAt time.Time
	// ClaimedBy is the owner of the last ClaimDueActions that took it;
	// empty if never claimed or released after a failed attempt.
	ClaimedBy string
	// LeaseUntil is when that claim lapses; zero when unclaimed.
	LeaseUntil time.Time
}

// actionRow is a scheduled_actions row.
type actionRow struct {
	ID        int64      `gorm:"column:id;primaryKey"`
	GuildID   string     `gorm:"column:guild_id"`
	Kind      Action     `gorm:"column:kind"`
	TargetID  string     `gorm:"column:target_id"`
	CaseID    *int64     `gorm:"column:case_id"`
	DueAt     time.Time  `gorm:"column:due_at"`
	Attempts  int        `gorm:"column:attempts"`
	LastError string     `gorm:"column:last_error"`
	CreatedAt time.Time  `gorm:"column:created_at"`
	DoneAt    *time.Time `gorm:"column:done_at"`
	FailedAt  *time.Time `gorm:"column:failed_at"`
	ClaimedBy string     `gorm:"column:claimed_by"`
	// LeaseUntil is written only by claims; an insert leaves it NULL.
	LeaseUntil *time.Time `gorm:"column:lease_until"`
}

// TableName tells gorm the table.
func (actionRow) TableName() string { return "scheduled_actions" }

// action converts the row.
func (r actionRow) action() ScheduledAction {
	a := ScheduledAction{
		ID: r.ID, GuildID: r.GuildID, Kind: r.Kind, TargetID: r.TargetID,
		DueAt: r.DueAt.UTC(), Attempts: r.Attempts, LastError: r.LastError,
		CreatedAt: r.CreatedAt.UTC(), DoneAt: fromNull(r.DoneAt), FailedAt: fromNull(r.FailedAt),
		ClaimedBy: r.ClaimedBy, LeaseUntil: fromNull(r.LeaseUntil),
	}
	if r.CaseID != nil {
		a.CaseID = *r.CaseID
	}
	return a
}

// actionRowFrom converts a new action for storing.
func actionRowFrom(a ScheduledAction) actionRow {
	r := actionRow{
		GuildID: a.GuildID, Kind: a.Kind, TargetID: a.TargetID,
		DueAt: utc(a.DueAt), CreatedAt: utc(a.CreatedAt),
	}
	if a.CaseID != 0 {
		r.CaseID = &a.CaseID
	}
	return r
}

// ScheduleAction stores a pending action and returns it with ID and
// CreatedAt set. Only GuildID, Kind, TargetID, CaseID and DueAt are taken
// from a.
func (s *Store) ScheduleAction(ctx context.Context, a ScheduledAction) (ScheduledAction, error) {
	if a.GuildID == "" || a.TargetID == "" || !a.Kind.Valid() || a.DueAt.IsZero() {
		return ScheduledAction{}, fmt.Errorf("schedule %q for %q in guild %q at %s: %w",
			a.Kind, a.TargetID, a.GuildID, a.DueAt, ErrInvalid)
	}
	a.CreatedAt = s.now()
	row := actionRowFrom(a)
	if err := s.db.DB(ctx).Create(&row).Error; err != nil {
		return ScheduledAction{}, fmt.Errorf("schedule %s of %s in guild %s: %w", a.Kind, a.TargetID, a.GuildID, err)
	}
	return row.action(), nil
}

// DueActions returns up to limit pending actions due at or before now,
// earliest first (ties by ID).
func (s *Store) DueActions(ctx context.Context, now time.Time, limit int) ([]ScheduledAction, error) {
	var rows []actionRow
	err := s.db.ReadDB(ctx).
		Where("done_at IS NULL AND failed_at IS NULL AND due_at <= ?", utc(now)).
		Order("due_at, id").Limit(max(limit, 1)).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("due actions: %w", err)
	}
	out := make([]ScheduledAction, len(rows))
	for i, r := range rows {
		out[i] = r.action()
	}
	return out, nil
}

// MarkActionDone records that the pending action ran successfully. owner
// is the ClaimDueActions owner that ran it: when the action is claimed by
// anyone else now (the owner's lease lapsed and another process took it
// over) it fails with ErrClaimLost and changes nothing. An empty owner
// skips that check.
func (s *Store) MarkActionDone(ctx context.Context, id int64, owner string) error {
	return s.updatePending(ctx, id, owner, map[string]any{
		"attempts": gorm.Expr("attempts + 1"),
		"done_at":  s.nowUTC(),
	})
}

// MarkActionFailed records a failed run of the pending action: attempts goes
// up and last_error is cause's message. A permanent failure sets FailedAt,
// ending the action; otherwise the action becomes due again at
// nextAttemptAt (the caller's backoff) and its claim is released. owner is
// checked as by MarkActionDone.
func (s *Store) MarkActionFailed(ctx context.Context, id int64, owner string, cause error, permanent bool, nextAttemptAt time.Time) error {
	set := map[string]any{
		"attempts":   gorm.Expr("attempts + 1"),
		"last_error": errorText(cause),
	}
	if permanent {
		set["failed_at"] = s.nowUTC()
	} else {
		set["due_at"] = utc(nextAttemptAt)
		set["claimed_by"], set["lease_until"] = "", nil
	}
	return s.updatePending(ctx, id, owner, set)
}

// CancelActions marks the pending actions of the given kind for the target
// in the guild done without running them (say, the pending unban of a user
// unbanned by hand) and returns how many there were.
func (s *Store) CancelActions(ctx context.Context, guildID, targetID string, kind Action) (int64, error) {
	res := s.db.DB(ctx).Model(&actionRow{}).
		Where("guild_id = ? AND target_id = ? AND kind = ? AND done_at IS NULL AND failed_at IS NULL", guildID, targetID, kind).
		Updates(map[string]any{"done_at": s.nowUTC(), "last_error": "cancelled"})
	if res.Error != nil {
		return 0, fmt.Errorf("cancel %s of %s in guild %s: %w", kind, targetID, guildID, res.Error)
	}
	return res.RowsAffected, nil
}

// updatePending updates one pending action claimed by owner (any, when
// owner is empty); a missing or finished one is ErrNotFound, one claimed
// by another owner ErrClaimLost.
func (s *Store) updatePending(ctx context.Context, id int64, owner string, set map[string]any) error {
	db := s.db.DB(ctx).Model(&actionRow{}).Where("id = ? AND done_at IS NULL AND failed_at IS NULL", id)
	if owner != "" {
		db = db.Where("claimed_by = ?", owner)
	}
	res := db.Updates(set)
	if res.Error != nil {
		return fmt.Errorf("update scheduled action %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return s.whyNotUpdated(ctx, id, owner)
	}
	return nil
}

// whyNotUpdated tells ErrNotFound from ErrClaimLost after an update of a
// pending action changed nothing.
func (s *Store) whyNotUpdated(ctx context.Context, id int64, owner string) error {
	var n int64
	err := s.db.DB(ctx).Model(&actionRow{}).
		Where("id = ? AND done_at IS NULL AND failed_at IS NULL", id).Count(&n).Error
	switch {
	case err != nil:
		return fmt.Errorf("update scheduled action %d: %w", id, err)
	case n > 0:
		return fmt.Errorf("scheduled action %d is no longer claimed by %s: %w", id, owner, ErrClaimLost)
	}
	return fmt.Errorf("pending scheduled action %d: %w", id, ErrNotFound)
}

// errorText is the stored form of an error: its message, bounded.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	msg := []rune(err.Error())
	if len(msg) > maxErrorText {
		msg = msg[:maxErrorText]
	}
	return string(msg)
}
