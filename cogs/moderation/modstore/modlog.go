package modstore

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CaseEntry is how a case's modlog entry showed it: the names of its
// target and moderator at the time, and the modlog message it was posted
// as (ChannelID and MessageID empty when it was not posted).
type CaseEntry struct {
	// CaseID is the case's row ID (Case.ID).
	CaseID int64
	// GuildID is the case's guild.
	GuildID string
	// ChannelID and MessageID are the modlog message, or empty.
	ChannelID, MessageID string
	// TargetName and ModeratorName are the usernames shown, or empty when
	// the entry showed only a mention.
	TargetName, ModeratorName string
}

// Posted reports whether the entry names a modlog message.
func (e CaseEntry) Posted() bool { return e.MessageID != "" }

// entryRow is a mod_case_entries row.
type entryRow struct {
	CaseID        int64  `gorm:"column:case_id;primaryKey;autoIncrement:false"`
	GuildID       string `gorm:"column:guild_id"`
	ChannelID     string `gorm:"column:channel_id"`
	MessageID     string `gorm:"column:message_id"`
	TargetName    string `gorm:"column:target_name"`
	ModeratorName string `gorm:"column:moderator_name"`
}

// TableName tells gorm the table.
func (entryRow) TableName() string { return "mod_case_entries" }

// entry converts the row.
func (r entryRow) entry() CaseEntry {
	return CaseEntry{CaseID: r.CaseID, GuildID: r.GuildID, ChannelID: r.ChannelID, MessageID: r.MessageID,
		TargetName: r.TargetName, ModeratorName: r.ModeratorName}
}

// SaveCaseEntry stores e, replacing the case's previous entry.
func (s *Store) SaveCaseEntry(ctx context.Context, e CaseEntry) error {
	if e.CaseID == 0 || e.GuildID == "" {
		return fmt.Errorf("save case entry %+v: %w", e, ErrInvalid)
	}
	row := entryRow{CaseID: e.CaseID, GuildID: e.GuildID, ChannelID: e.ChannelID, MessageID: e.MessageID,
		TargetName: e.TargetName, ModeratorName: e.ModeratorName}
	err := s.db.DB(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "case_id"}}, UpdateAll: true}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("save entry of case %d: %w", e.CaseID, err)
	}
	return nil
}

// CaseEntry returns the entry of the case with row ID caseID, or an error
// wrapping ErrNotFound.
func (s *Store) CaseEntry(ctx context.Context, caseID int64) (CaseEntry, error) {
	var row entryRow
	err := s.db.ReadDB(ctx).Where("case_id = ?", caseID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return CaseEntry{}, fmt.Errorf("entry of case %d: %w", caseID, ErrNotFound)
	}
	if err != nil {
		return CaseEntry{}, fmt.Errorf("read entry of case %d: %w", caseID, err)
	}
	return row.entry(), nil
}

// CaseEntries returns the entries of the cases with the given row IDs,
// by case ID (cases without one are absent).
func (s *Store) CaseEntries(ctx context.Context, caseIDs []int64) (map[int64]CaseEntry, error) {
	out := make(map[int64]CaseEntry, len(caseIDs))
	if len(caseIDs) == 0 {
		return out, nil
	}
	var rows []entryRow
	if err := s.db.ReadDB(ctx).Where("case_id IN ?", caseIDs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read %d case entries: %w", len(caseIDs), err)
	}
	for _, r := range rows {
		out[r.CaseID] = r.entry()
	}
	return out, nil
}

// CaseByID returns the case with the given row ID (Case.ID), or an error
// wrapping ErrNotFound.
func (s *Store) CaseByID(ctx context.Context, id int64) (Case, error) {
	var row caseRow
	err := s.db.ReadDB(ctx).Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Case{}, fmt.Errorf("case row %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Case{}, fmt.Errorf("read case row %d: %w", id, err)
	}
	return row.modCase(), nil
}
