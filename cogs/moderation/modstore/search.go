package modstore

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// CaseQuery selects a guild's cases. Empty fields select everything.
type CaseQuery struct {
	// GuildID is the guild; required.
	GuildID string
	// TargetID keeps the cases of this user.
	TargetID string
	// TargetName, when TargetID is empty, keeps the cases of every user
	// whose case entry showed this name (case-insensitive): users who left
	// the server are found by the name they had.
	TargetName string
	// Actions keeps the cases of these actions.
	Actions []Action
	// Since keeps the cases created at or after it.
	Since time.Time
}

// SearchCases returns one page of the cases q selects, newest first, and
// how many there are in all. page counts from 1; perPage is clamped to
// 1..100.
func (s *Store) SearchCases(ctx context.Context, q CaseQuery, page, perPage int) ([]Case, int64, error) {
	if q.GuildID == "" {
		return nil, 0, fmt.Errorf("search cases without guild: %w", ErrInvalid)
	}
	page, perPage = max(page, 1), min(max(perPage, 1), 100)
	db := q.where(s.db.ReadDB(ctx).Model(&caseRow{}))
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count cases in guild %s: %w", q.GuildID, err)
	}
	var rows []caseRow
	if err := db.Order("case_number DESC").Offset((page - 1) * perPage).Limit(perPage).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("search cases in guild %s: %w", q.GuildID, err)
	}
	cases := make([]Case, len(rows))
	for i, r := range rows {
		cases[i] = r.modCase()
	}
	return cases, total, nil
}

// where adds q's conditions to db.
func (q CaseQuery) where(db *gorm.DB) *gorm.DB {
	db = db.Where("guild_id = ?", q.GuildID)
	switch {
	case q.TargetID != "":
		db = db.Where("target_id = ?", q.TargetID)
	case q.TargetName != "":
		db = db.Where(`target_id IN (SELECT c.target_id FROM mod_cases c JOIN mod_case_entries e ON e.case_id = c.id
WHERE c.guild_id = ? AND c.target_id <> '' AND LOWER(e.target_name) = LOWER(?))`, q.GuildID, q.TargetName)
	}
	if len(q.Actions) > 0 {
		db = db.Where("action IN ?", q.Actions)
	}
	if !q.Since.IsZero() {
		db = db.Where("created_at >= ?", utc(q.Since))
	}
	return db
}
