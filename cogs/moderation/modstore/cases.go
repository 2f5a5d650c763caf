package modstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Action is what a moderation case records, and the kind of a scheduled
// action.
type Action string

// Moderation actions.
const (
	ActionWarn      Action = "warn"
	ActionUnwarn    Action = "unwarn"
	ActionKick      Action = "kick"
	ActionBan       Action = "ban"
	ActionTempban   Action = "tempban"
	ActionUnban     Action = "unban"
	ActionTimeout   Action = "timeout"
	ActionUntimeout Action = "untimeout"
	ActionPurge     Action = "purge"
)

// Valid reports whether a is one of the moderation actions.
func (a Action) Valid() bool {
	switch a {
	case ActionWarn, ActionUnwarn, ActionKick, ActionBan, ActionTempban,
		ActionUnban, ActionTimeout, ActionUntimeout, ActionPurge:
		return true
	}
	return false
}

// Case is one numbered entry of a guild's moderation log. Zero times mean
// "never" and empty IDs "nobody".
type Case struct {
	// ID is the row's global ID, set by CreateCase.
	ID int64
	// GuildID is the guild the case belongs to.
	GuildID string
	// Number is the case number within the guild, 1, 2, 3, ..., set by
	// CreateCase.
	Number int64
	// Action is what was done.
	Action Action
	// TargetID is the member or user acted on; empty for a guild-wide purge.
	TargetID string
	// ModeratorID is who acted (the bot's ID for automatic escalation).
	ModeratorID string
	// Reason is the moderator's text.
	Reason string
	// Points are the warning points a warn adds.
	Points int
	// Duration is how long a timeout or tempban lasts (whole seconds).
	Duration time.Duration
	// ExpiresAt is when a timeout or tempban ends; CreateCase sets it to
	// CreatedAt+Duration when zero and Duration is positive.
	ExpiresAt time.Time
	// CreatedAt is when the case was made; CreateCase uses the clock when
	// zero.
	CreatedAt time.Time
	// EditedAt and EditedBy record the last UpdateReason.
	EditedAt time.Time
	EditedBy string
	// RevokedAt and RevokedBy record RevokeCase (a revoked warn no longer
	// counts towards ActivePoints).
	RevokedAt time.Time
	RevokedBy string
	// State is pending, done or failed (see CaseState); CreateCase stores
	// StateDone when empty.
	State CaseState
	// Failure is why a failed case failed; empty otherwise.
	Failure string
	// DeleteDays is how many days of the target's messages a ban deleted.
	DeleteDays int
}

// Revoked reports whether the case was revoked.
func (c Case) Revoked() bool { return !c.RevokedAt.IsZero() }

// caseRow is a mod_cases row.
type caseRow struct {
	ID              int64      `gorm:"column:id;primaryKey"`
	GuildID         string     `gorm:"column:guild_id"`
	CaseNumber      int64      `gorm:"column:case_number"`
	Action          Action     `gorm:"column:action"`
	TargetID        string     `gorm:"column:target_id"`
	ModeratorID     string     `gorm:"column:moderator_id"`
	Reason          string     `gorm:"column:reason"`
	Points          int        `gorm:"column:points"`
	DurationSeconds int64      `gorm:"column:duration_seconds"`
	ExpiresAt       *time.Time `gorm:"column:expires_at"`
	CreatedAt       time.Time  `gorm:"column:created_at"`
	EditedAt        *time.Time `gorm:"column:edited_at"`
	EditedBy        string     `gorm:"column:edited_by"`
	RevokedAt       *time.Time `gorm:"column:revoked_at"`
	RevokedBy       string     `gorm:"column:revoked_by"`
	State           CaseState  `gorm:"column:state"`
	Failure         string     `gorm:"column:failure"`
	DeleteDays      int        `gorm:"column:delete_days"`
}

// TableName tells gorm the table.
func (caseRow) TableName() string { return "mod_cases" }

// caseRowFrom converts a case for storing.
func caseRowFrom(c Case) caseRow {
	return caseRow{
		ID: c.ID, GuildID: c.GuildID, CaseNumber: c.Number, Action: c.Action,
		TargetID: c.TargetID, ModeratorID: c.ModeratorID, Reason: c.Reason,
		Points: c.Points, DurationSeconds: int64(c.Duration / time.Second),
		ExpiresAt: nullTime(c.ExpiresAt), CreatedAt: utc(c.CreatedAt),
		EditedAt: nullTime(c.EditedAt), EditedBy: c.EditedBy,
		RevokedAt: nullTime(c.RevokedAt), RevokedBy: c.RevokedBy,
		State: c.State, Failure: c.Failure, DeleteDays: c.DeleteDays,
	}
}

// modCase converts the row.
func (r caseRow) modCase() Case {
	return Case{
		ID: r.ID, GuildID: r.GuildID, Number: r.CaseNumber, Action: r.Action,
		TargetID: r.TargetID, ModeratorID: r.ModeratorID, Reason: r.Reason,
		Points: r.Points, Duration: time.Duration(r.DurationSeconds) * time.Second,
		ExpiresAt: fromNull(r.ExpiresAt), CreatedAt: r.CreatedAt.UTC(),
		EditedAt: fromNull(r.EditedAt), EditedBy: r.EditedBy,
		RevokedAt: fromNull(r.RevokedAt), RevokedBy: r.RevokedBy,
		State: r.State, Failure: r.Failure, DeleteDays: r.DeleteDays,
	}
}

// validateNew checks a case before CreateCase stores it.
func (c Case) validateNew() error {
	switch {
	case c.GuildID == "":
		return fmt.Errorf("case without guild ID: %w", ErrInvalid)
	case !c.Action.Valid():
		return fmt.Errorf("case action %q: %w", c.Action, ErrInvalid)
	case c.Points < 0:
		return fmt.Errorf("case with %d points: %w", c.Points, ErrInvalid)
	case c.Duration < 0:
		return fmt.Errorf("case with duration %s: %w", c.Duration, ErrInvalid)
	case c.State != "" && !c.State.Valid(), c.DeleteDays < 0:
		return fmt.Errorf("case in state %q deleting %d days: %w", c.State, c.DeleteDays, ErrInvalid)
	}
	return nil
}

// CreateCase stores c under the guild's next case number and returns it with
// ID, Number, CreatedAt and ExpiresAt filled in. The number comes from
// incrementing case_counters in the same transaction as the insert, so
// concurrent calls get consecutive numbers with no gaps or duplicates.
func (s *Store) CreateCase(ctx context.Context, c Case) (Case, error) {
	if err := c.validateNew(); err != nil {
		return Case{}, fmt.Errorf("create case: %w", err)
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.now()
	}
	if c.State == "" {
		c.State = StateDone
	}
	if c.ExpiresAt.IsZero() && c.Duration > 0 {
		c.ExpiresAt = c.CreatedAt.Add(c.Duration)
	}
	row := caseRowFrom(c)
	err := s.Tx(ctx, func(tx *Store) error { return tx.insertCase(ctx, &row) })
	if err != nil {
		return Case{}, fmt.Errorf("create case in guild %s: %w", c.GuildID, err)
	}
	return row.modCase(), nil
}

// insertCase numbers and inserts row; s must be a transaction.
func (s *Store) insertCase(ctx context.Context, row *caseRow) error {
	n, err := s.nextCaseNumber(ctx, row.GuildID)
	if err != nil {
		return err
	}
	row.CaseNumber = n
	if err := s.db.DB(ctx).Create(row).Error; err != nil {
		return fmt.Errorf("insert case %d: %w", n, err)
	}
	return nil
}

// nextCaseNumber increments the guild's counter and returns the new value.
// The upsert locks the counter row until the transaction ends.
func (s *Store) nextCaseNumber(ctx context.Context, guildID string) (int64, error) {
	var n int64
	err := s.db.DB(ctx).Raw(`INSERT INTO case_counters (guild_id, last_case) VALUES (?, 1)
ON CONFLICT (guild_id) DO UPDATE SET last_case = case_counters.last_case + 1
RETURNING last_case`, guildID).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("next case number: %w", err)
	}
	return n, nil
}

// Case returns the guild's case with the given number.
func (s *Store) Case(ctx context.Context, guildID string, number int64) (Case, error) {
	row, err := s.findCase(s.db.ReadDB(ctx), guildID, number)
	if err != nil {
		return Case{}, err
	}
	return row.modCase(), nil
}

// findCase reads one case through db.
func (s *Store) findCase(db *gorm.DB, guildID string, number int64) (caseRow, error) {
	var row caseRow
	err := db.Where("guild_id = ? AND case_number = ?", guildID, number).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return caseRow{}, fmt.Errorf("case %d in guild %s: %w", number, guildID, ErrNotFound)
	}
	if err != nil {
		return caseRow{}, fmt.Errorf("read case %d in guild %s: %w", number, guildID, err)
	}
	return row, nil
}

// CasesForTarget returns one page of the target's cases in the guild, newest
// first, and how many there are in all. page counts from 1; perPage is
// clamped to 1..100.
func (s *Store) CasesForTarget(ctx context.Context, guildID, targetID string, page, perPage int) ([]Case, int64, error) {
	page, perPage = max(page, 1), min(max(perPage, 1), 100)
	db := s.db.ReadDB(ctx).Model(&caseRow{}).Where("guild_id = ? AND target_id = ?", guildID, targetID)
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count cases of %s in guild %s: %w", targetID, guildID, err)
	}
	var rows []caseRow
	err := db.Order("case_number DESC").Offset((page - 1) * perPage).Limit(perPage).Find(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("list cases of %s in guild %s: %w", targetID, guildID, err)
	}
	cases := make([]Case, len(rows))
	for i, r := range rows {
		cases[i] = r.modCase()
	}
	return cases, total, nil
}

// ActivePoints sums the points of the target's warn cases in the guild that
// are not revoked and were created after now minus decayDays days
// (decayDays 0 or less: all of them).
func (s *Store) ActivePoints(ctx context.Context, guildID, targetID string, now time.Time, decayDays int) (int, error) {
	db := s.db.ReadDB(ctx).Model(&caseRow{}).
		Where("guild_id = ? AND target_id = ? AND action = ? AND revoked_at IS NULL", guildID, targetID, ActionWarn)
	if decayDays > 0 {
		db = db.Where("created_at > ?", utc(now.AddDate(0, 0, -decayDays)))
	}
	var total int64
	if err := db.Select("COALESCE(SUM(points), 0)").Scan(&total).Error; err != nil {
		return 0, fmt.Errorf("active points of %s in guild %s: %w", targetID, guildID, err)
	}
	return int(total), nil
}

// RevokeCase marks the case revoked by the given user (a revoked warn no
// longer counts) and returns it. A case revoked before fails with
// ErrAlreadyRevoked.
func (s *Store) RevokeCase(ctx context.Context, guildID string, number int64, by string) (Case, error) {
	return s.updateCase(ctx, guildID, number, func(r *caseRow) error {
		if r.RevokedAt != nil {
			return fmt.Errorf("case %d in guild %s: %w", number, guildID, ErrAlreadyRevoked)
		}
		r.RevokedAt, r.RevokedBy = nullTime(s.now()), by
		return nil
	})
}

// UpdateReason replaces the case's reason, recording the editor and the
// time, and returns the case.
func (s *Store) UpdateReason(ctx context.Context, guildID string, number int64, reason, editor string) (Case, error) {
	return s.updateCase(ctx, guildID, number, func(r *caseRow) error {
		r.Reason, r.EditedAt, r.EditedBy = reason, nullTime(s.now()), editor
		return nil
	})
}

// updateCase reads a case, lets change modify it and writes it back, in one
// transaction.
func (s *Store) updateCase(ctx context.Context, guildID string, number int64, change func(*caseRow) error) (Case, error) {
	var row caseRow
	err := s.Tx(ctx, func(tx *Store) error {
		var err error
		forUpdate := tx.db.DB(ctx).Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate})
		if row, err = tx.findCase(forUpdate, guildID, number); err != nil {
			return err
		}
		if err := change(&row); err != nil {
			return err
		}
		return tx.db.DB(ctx).Save(&row).Error
	})
	if err != nil {
		return Case{}, fmt.Errorf("update case: %w", err)
	}
	return row.modCase(), nil
}
