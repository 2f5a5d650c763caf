package modstore

import (
	"context"
	"errors"
	"fmt"

	"cogd/internal/store"
)

// ErrAlreadyRevoked is wrapped by RevokeCase when the case was revoked
// before.
var ErrAlreadyRevoked = errors.New("case already revoked")

// Settings are one guild's settings as moderation sees them: the core
// store.Settings with the escalation policy decoded.
type Settings struct {
	store.Settings
	// Escalation maps active warning points to automatic actions; empty
	// never escalates. It is stored as store.Settings.EscalationJSON.
	Escalation EscalationPolicy
}

// Validate checks the core fields and the escalation policy.
func (s Settings) Validate() error {
	if err := s.Settings.Validate(); err != nil {
		return err
	}
	return s.Escalation.Validate()
}

// GuildSettings returns the guild's settings, or the defaults when none are
// stored.
func (s *Store) GuildSettings(ctx context.Context, guildID string) (Settings, error) {
	core, err := s.db.GuildSettings(ctx, guildID)
	if err != nil {
		return Settings{}, err
	}
	return decodeSettings(core)
}

// UpdateGuildSettings is store.UpdateGuildSettings with the escalation
// policy decoded for fn and validated and encoded afterwards.
func (s *Store) UpdateGuildSettings(ctx context.Context, guildID string, fn func(*Settings) error) (Settings, error) {
	var policy EscalationPolicy
	core, err := s.db.UpdateGuildSettings(ctx, guildID, func(core *store.Settings) error {
		set, err := decodeSettings(*core)
		if err != nil {
			return err
		}
		if err := fn(&set); err != nil {
			return err
		}
		if err := set.Escalation.Validate(); err != nil {
			return err
		}
		policy = set.Escalation.sorted()
		*core, err = encodeSettings(set)
		return err
	})
	if err != nil {
		return Settings{}, err
	}
	core.EscalationJSON = ""
	return Settings{Settings: core, Escalation: policy}, nil
}

// decodeSettings decodes the core settings' escalation policy.
func decodeSettings(core store.Settings) (Settings, error) {
	set := Settings{Settings: core}
	if core.EscalationJSON != "" {
		if err := set.Escalation.Scan(core.EscalationJSON); err != nil {
			return Settings{}, fmt.Errorf("settings of guild %s: %w", core.GuildID, err)
		}
	}
	set.EscalationJSON = ""
	return set, nil
}

// encodeSettings stores the escalation policy in the core settings.
func encodeSettings(set Settings) (store.Settings, error) {
	core := set.Settings
	core.EscalationJSON = ""
	if len(set.Escalation) > 0 {
		v, err := set.Escalation.Value()
		if err != nil {
			return store.Settings{}, err
		}
		core.EscalationJSON = v.(string)
	}
	return core, nil
}
