package modstore

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// CaseState is where a case stands between being recorded and being
// carried out on Discord:
//
//	pending ──Discord did it──▶ done
//	   └─────Discord refused──▶ failed (Failure says why)
//
// An action that changes Discord is recorded pending first (with the
// scheduled reversal of a temporary action, in the same transaction), then
// performed, then marked. A case left pending by a process that died is
// resolved by reconciliation against Discord. Cases that change nothing on
// Discord (warn, unwarn) are done when they are created. A case never
// leaves done or failed.
type CaseState string

// The case states.
const (
	StatePending CaseState = "pending"
	StateDone    CaseState = "done"
	StateFailed  CaseState = "failed"
)

// Valid reports whether st is one of the case states.
func (st CaseState) Valid() bool {
	switch st {
	case StatePending, StateDone, StateFailed:
		return true
	}
	return false
}

// ErrNotPending is wrapped by MarkCaseDone and MarkCaseFailed when the case
// is no longer pending (someone else settled it first).
var ErrNotPending = errors.New("case is not pending")

// caseFailedNote is the last_error of a scheduled action cancelled because
// the case that scheduled it failed.
const caseFailedNote = "cancelled: its case failed"

// MarkCaseDone marks the guild's pending case done and returns it.
func (s *Store) MarkCaseDone(ctx context.Context, guildID string, number int64) (Case, error) {
	return s.settleCase(ctx, guildID, number, map[string]any{"state": StateDone})
}

// MarkCaseFailed marks the guild's pending case failed with the reason and
// cancels the pending scheduled actions it made (a failed tempban must not
// be lifted later), in one transaction, and returns the case.
func (s *Store) MarkCaseFailed(ctx context.Context, guildID string, number int64, failure string) (Case, error) {
	var c Case
	err := s.Tx(ctx, func(tx *Store) error {
		var err error
		if c, err = tx.settleCase(ctx, guildID, number, map[string]any{"state": StateFailed, "failure": errorText(errors.New(failure))}); err != nil {
			return err
		}
		return tx.db.DB(ctx).Model(&actionRow{}).
			Where("case_id = ? AND done_at IS NULL AND failed_at IS NULL", c.ID).
			Updates(map[string]any{"done_at": s.nowUTC(), "last_error": caseFailedNote}).Error
	})
	if err != nil {
		return Case{}, fmt.Errorf("mark case %d failed: %w", number, err)
	}
	return c, nil
}

// settleCase applies set to the guild's case if it is pending, and returns
// the case as it is then.
func (s *Store) settleCase(ctx context.Context, guildID string, number int64, set map[string]any) (Case, error) {
	res := s.db.DB(ctx).Model(&caseRow{}).
		Where("guild_id = ? AND case_number = ? AND state = ?", guildID, number, StatePending).Updates(set)
	if res.Error != nil {
		return Case{}, fmt.Errorf("settle case %d in guild %s: %w", number, guildID, res.Error)
	}
	row, err := s.findCase(s.db.DB(ctx), guildID, number)
	if err != nil {
		return Case{}, err
	}
	if res.RowsAffected == 0 {
		return row.modCase(), fmt.Errorf("case %d in guild %s is %s: %w", number, guildID, row.State, ErrNotPending)
	}
	return row.modCase(), nil
}

// PendingCases returns up to limit pending cases of every guild created at
// or before before, oldest first.
func (s *Store) PendingCases(ctx context.Context, before time.Time, limit int) ([]Case, error) {
	var rows []caseRow
	err := s.db.ReadDB(ctx).Where("state = ? AND created_at <= ?", StatePending, utc(before)).
		Order("created_at, id").Limit(max(limit, 1)).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("pending cases: %w", err)
	}
	return caseList(rows), nil
}

// LatestCase returns the target's newest done case in the guild whose
// action is one of actions; ok is false when there is none.
func (s *Store) LatestCase(ctx context.Context, guildID, targetID string, actions ...Action) (c Case, ok bool, err error) {
	var rows []caseRow
	err = s.db.ReadDB(ctx).Where("guild_id = ? AND target_id = ? AND state = ? AND action IN ?", guildID, targetID, StateDone, actions).
		Order("case_number DESC").Limit(1).Find(&rows).Error
	if err != nil {
		return Case{}, false, fmt.Errorf("latest case of %s in guild %s: %w", targetID, guildID, err)
	}
	if len(rows) == 0 {
		return Case{}, false, nil
	}
	return rows[0].modCase(), true, nil
}

// CancelOtherActions is CancelActions sparing the actions the case with
// global ID keepCaseID scheduled (a tempban cancels older tempbans' ends,
// not its own).
func (s *Store) CancelOtherActions(ctx context.Context, guildID, targetID string, kind Action, keepCaseID int64) (int64, error) {
	res := s.db.DB(ctx).Model(&actionRow{}).
		Where("guild_id = ? AND target_id = ? AND kind = ? AND done_at IS NULL AND failed_at IS NULL", guildID, targetID, kind).
		Where("(case_id IS NULL OR case_id <> ?)", keepCaseID).
		Updates(map[string]any{"done_at": s.nowUTC(), "last_error": "cancelled"})
	if res.Error != nil {
		return 0, fmt.Errorf("cancel %s of %s in guild %s: %w", kind, targetID, guildID, res.Error)
	}
	return res.RowsAffected, nil
}

// HasPendingAction reports whether an action of the kind is pending for the
// target in the guild (say, the end of a tempban).
func (s *Store) HasPendingAction(ctx context.Context, guildID, targetID string, kind Action) (bool, error) {
	var n int64
	err := s.db.ReadDB(ctx).Model(&actionRow{}).
		Where("guild_id = ? AND target_id = ? AND kind = ? AND done_at IS NULL AND failed_at IS NULL", guildID, targetID, kind).
		Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("pending %s of %s in guild %s: %w", kind, targetID, guildID, err)
	}
	return n > 0, nil
}

// caseList converts rows.
func caseList(rows []caseRow) []Case {
	out := make([]Case, len(rows))
	for i, r := range rows {
		out[i] = r.modCase()
	}
	return out
}
