package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Settings are one guild's configuration. The zero value of each field means
// "not set": an empty Prefix falls back to COMMAND_PREFIX, an empty channel
// ID disables the modlog or welcome channel and WarnDecayDays 0 never
// decays warnings. EscalationJSON belongs to the moderation cog, which
// encodes and decodes it (package modstore); the store keeps it as text.
type Settings struct {
	// GuildID is the guild the settings belong to.
	GuildID string
	// Prefix overrides the default command prefix; empty means the default.
	Prefix string
	// ModlogChannelID is where case embeds are posted; empty means nowhere.
	ModlogChannelID string
	// WelcomeChannelID is where welcome embeds go; empty means the channel
	// named "welcome", if any.
	WelcomeChannelID string
	// WelcomeMessage is the welcome template; empty means the cog's default.
	WelcomeMessage string
	// EscalationJSON is the moderation cog's escalation policy, a JSON
	// array; empty means none (stored as "[]").
	EscalationJSON string
	// WarnDecayDays is how many days a warning counts; 0 means forever.
	WarnDecayDays int
	// UnknownCommands is what the bot does with a prefixed word that is no
	// command ("reply", "suggest", "silent"); empty means the default. The
	// bot interprets it (bot.ParseUnknownPolicy); the store keeps the text.
	UnknownCommands string
	// CreatedAt and UpdatedAt are zero while the guild has no stored row.
	CreatedAt, UpdatedAt time.Time
}

// Validate checks the fields the store constrains.
func (s Settings) Validate() error {
	if s.WarnDecayDays < 0 {
		return fmt.Errorf("warn decay of %d days: %w", s.WarnDecayDays, ErrInvalid)
	}
	if s.EscalationJSON != "" && !json.Valid([]byte(s.EscalationJSON)) {
		return fmt.Errorf("escalation policy is not JSON: %w", ErrInvalid)
	}
	return nil
}

// settingsRow is a guild_settings row.
type settingsRow struct {
	GuildID          string    `gorm:"column:guild_id;primaryKey"`
	Prefix           string    `gorm:"column:prefix"`
	ModlogChannelID  string    `gorm:"column:modlog_channel_id"`
	WelcomeChannelID string    `gorm:"column:welcome_channel_id"`
	WelcomeMessage   string    `gorm:"column:welcome_message"`
	Escalation       string    `gorm:"column:escalation_policy"`
	WarnDecayDays    int       `gorm:"column:warn_decay_days"`
	UnknownCommands  string    `gorm:"column:unknown_commands"`
	CreatedAt        time.Time `gorm:"column:created_at"`
	UpdatedAt        time.Time `gorm:"column:updated_at"`
}

// TableName tells gorm the table.
func (settingsRow) TableName() string { return "guild_settings" }

// settings converts the row.
func (r settingsRow) settings() Settings {
	return Settings{
		GuildID: r.GuildID, Prefix: r.Prefix,
		ModlogChannelID: r.ModlogChannelID, WelcomeChannelID: r.WelcomeChannelID,
		WelcomeMessage: r.WelcomeMessage, EscalationJSON: emptyPolicy(r.Escalation),
		WarnDecayDays: r.WarnDecayDays, UnknownCommands: r.UnknownCommands,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// settingsRowFrom converts settings for storing.
func settingsRowFrom(s Settings) settingsRow {
	return settingsRow{
		GuildID: s.GuildID, Prefix: s.Prefix,
		ModlogChannelID: s.ModlogChannelID, WelcomeChannelID: s.WelcomeChannelID,
		WelcomeMessage: s.WelcomeMessage, Escalation: storedPolicy(s.EscalationJSON),
		WarnDecayDays: s.WarnDecayDays, UnknownCommands: s.UnknownCommands,
		CreatedAt: utc(s.CreatedAt), UpdatedAt: utc(s.UpdatedAt),
	}
}

// GuildSettings returns the guild's settings, or the defaults (every field
// zero but GuildID) when none are stored.
func (s *Store) GuildSettings(ctx context.Context, guildID string) (Settings, error) {
	var row settingsRow
	err := s.read.WithContext(ctx).Where("guild_id = ?", guildID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Settings{GuildID: guildID}, nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("read settings of guild %s: %w", guildID, err)
	}
	return row.settings(), nil
}

// UpdateGuildSettings reads the guild's settings, lets fn change them and
// stores the result, all in one transaction, and returns what was stored.
// An error from fn, or settings that fail Validate, change nothing.
// GuildID and the timestamps are kept whatever fn does to them.
func (s *Store) UpdateGuildSettings(ctx context.Context, guildID string, fn func(*Settings) error) (Settings, error) {
	if guildID == "" {
		return Settings{}, fmt.Errorf("update settings: empty guild ID: %w", ErrInvalid)
	}
	var out Settings
	err := s.Tx(ctx, func(tx *Store) error {
		row, err := tx.lockSettings(ctx, guildID)
		if err != nil {
			return err
		}
		if out, err = tx.saveSettings(ctx, row, fn); err != nil {
			return err
		}
		return tx.notifySettings(ctx, guildID)
	})
	if err != nil {
		return Settings{}, fmt.Errorf("update settings of guild %s: %w", guildID, err)
	}
	return out, nil
}

// lockSettings makes sure the guild has a row and reads it FOR UPDATE
// (PostgreSQL; SQLite's IMMEDIATE transaction already holds the write lock).
func (s *Store) lockSettings(ctx context.Context, guildID string) (settingsRow, error) {
	now := s.nowUTC()
	seed := settingsRow{GuildID: guildID, Escalation: storedPolicy(""), CreatedAt: now, UpdatedAt: now}
	db := s.write.WithContext(ctx)
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&seed).Error; err != nil {
		return settingsRow{}, fmt.Errorf("insert default settings: %w", err)
	}
	var row settingsRow
	err := db.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).
		Where("guild_id = ?", guildID).Take(&row).Error
	if err != nil {
		return settingsRow{}, fmt.Errorf("read settings: %w", err)
	}
	return row, nil
}

// saveSettings applies fn to row and writes the result.
func (s *Store) saveSettings(ctx context.Context, row settingsRow, fn func(*Settings) error) (Settings, error) {
	set := row.settings()
	if err := fn(&set); err != nil {
		return Settings{}, err
	}
	set.GuildID, set.CreatedAt, set.UpdatedAt = row.GuildID, row.CreatedAt, s.nowUTC()
	if err := set.Validate(); err != nil {
		return Settings{}, err
	}
	next := settingsRowFrom(set)
	if err := s.write.WithContext(ctx).Save(&next).Error; err != nil {
		return Settings{}, fmt.Errorf("write settings: %w", err)
	}
	return next.settings(), nil
}

// storedPolicy is the column value of an escalation policy: "[]" for none.
func storedPolicy(text string) string {
	if text == "" || text == "null" {
		return "[]"
	}
	return text
}

// emptyPolicy is the field value of a stored policy: empty for none.
func emptyPolicy(text string) string {
	if text == "[]" || text == "null" {
		return ""
	}
	return text
}
