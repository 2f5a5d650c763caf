package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// commandHashRow is an app_command_hashes row.
type commandHashRow struct {
	Scope     string    `gorm:"column:scope;primaryKey"`
	Hash      string    `gorm:"column:hash"`
	UpdatedAt time.Time `gorm:"column:updated_at"`
}

// TableName tells gorm the table.
func (commandHashRow) TableName() string { return "app_command_hashes" }

// CommandHash returns the hash of the application commands last registered
// in scope (a key such as "global" or "guild:<id>"), or "" when none is
// stored. With SaveCommandHash it backs cogd's application command sync
// (appcmd.HashStore, adapted in cmd/cogd).
func (s *Store) CommandHash(ctx context.Context, scope string) (string, error) {
	var row commandHashRow
	err := s.read.WithContext(ctx).Where("scope = ?", scope).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read command hash of %s: %w", scope, err)
	}
	return row.Hash, nil
}

// SaveCommandHash records hash as what was last registered in scope,
// replacing the previous one.
func (s *Store) SaveCommandHash(ctx context.Context, scope, hash string) error {
	if scope == "" || hash == "" {
		return fmt.Errorf("save command hash: empty scope or hash: %w", ErrInvalid)
	}
	row := commandHashRow{Scope: scope, Hash: hash, UpdatedAt: s.nowUTC()}
	err := s.write.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "scope"}},
		DoUpdates: clause.AssignmentColumns([]string{"hash", "updated_at"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("save command hash of %s: %w", scope, err)
	}
	return nil
}
