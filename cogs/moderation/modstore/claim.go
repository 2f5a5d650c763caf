package modstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"cogd/internal/store"
)

// claimable is the condition of an action a scheduler may claim at a time
// (both placeholders): pending, due, and not under a live lease.
const claimable = `done_at IS NULL AND failed_at IS NULL AND due_at <= ? AND (lease_until IS NULL OR lease_until <= ?)`

// ClaimDueActions claims for owner, until now+lease, up to limit pending
// actions due at or before now that nobody holds a live lease on, earliest
// first (ties by ID), and returns them. Each action is claimed by one
// caller only, whichever process gets it first: on PostgreSQL the rows are
// picked FOR UPDATE SKIP LOCKED, so concurrent claimers take disjoint
// rows; on SQLite the single writer runs one claim at a time. An action
// whose owner died keeps its lease until it lapses, then is claimable again.
// The owner reports the outcome with MarkActionDone or MarkActionFailed.
func (s *Store) ClaimDueActions(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]ScheduledAction, error) {
	if owner == "" || lease <= 0 {
		return nil, fmt.Errorf("claim due actions for %q with lease %s: %w", owner, lease, ErrInvalid)
	}
	now = utc(now)
	pick := `SELECT id FROM scheduled_actions WHERE ` + claimable + ` ORDER BY due_at, id LIMIT ?`
	if s.db.Driver() == store.DriverPostgres {
		pick += ` FOR UPDATE SKIP LOCKED`
	}
	var rows []actionRow
	err := s.db.DB(ctx).Raw(`UPDATE scheduled_actions SET claimed_by = ?, lease_until = ?
WHERE id IN (`+pick+`) AND `+claimable+` RETURNING *`,
		owner, utc(now.Add(lease)), now, now, max(limit, 1), now, now).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("claim due actions for %s: %w", owner, err)
	}
	slices.SortFunc(rows, func(a, b actionRow) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.ID, b.ID))
	})
	out := make([]ScheduledAction, len(rows))
	for i, r := range rows {
		out[i] = r.action()
	}
	return out, nil
}

// NextDueAt is when the earliest pending action that nobody holds a live
// lease on at now falls due (possibly before now); ok is false when there
// is none.
func (s *Store) NextDueAt(ctx context.Context, now time.Time) (at time.Time, ok bool, err error) {
	var rows []actionRow
	now = utc(now)
	err = s.db.ReadDB(ctx).
		Where("done_at IS NULL AND failed_at IS NULL AND (lease_until IS NULL OR lease_until <= ?)", now).
		Order("due_at, id").Limit(1).Find(&rows).Error
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next due action: %w", err)
	}
	if len(rows) == 0 {
		return time.Time{}, false, nil
	}
	return rows[0].DueAt.UTC(), true, nil
}
