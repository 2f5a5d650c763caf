package moderation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
	"cogd/internal/metrics"
)

// Settings cache bounds. Every command reads its guild's settings; the
// cog writes them itself (config, modlog) and refreshes the cache then, so
// only changes made elsewhere (another cogd process on the same
// PostgreSQL database) wait for the TTL.
const (
	settingsCacheSize = 10_000
	settingsTTL       = time.Minute
)

// settings reads the guild's settings through the cache.
func (s *service) settings(ctx context.Context, guildID string) (modstore.Settings, error) {
	set, err := s.guildSettings.GetOrLoad(ctx, guildID, func(ctx context.Context) (modstore.Settings, error) {
		return s.store.GuildSettings(ctx, guildID)
	})
	if err != nil {
		s.countError(metrics.ErrorSourceStore)
		return set, fmt.Errorf("moderation settings: %w", err)
	}
	return set, nil
}

// updateSettings changes the guild's settings and refreshes the cache; an
// error from change (a *command.UserError) changes nothing.
func (s *service) updateSettings(ctx context.Context, guildID string, change func(*modstore.Settings) error) (modstore.Settings, error) {
	set, err := s.store.UpdateGuildSettings(ctx, guildID, change)
	var refused *command.UserError
	switch {
	case errors.As(err, &refused):
		return set, refused // the store wraps it; the user gets the sentence alone
	case err != nil:
		s.countError(metrics.ErrorSourceStore)
		s.guildSettings.Delete(guildID)
		return set, fmt.Errorf("update settings: %w", err)
	}
	s.guildSettings.Set(guildID, set)
	return set, nil
}

// configure changes the guild's settings and answers.
func (s *service) configure(ctx context.Context, cx *command.Context, answer string, change func(*modstore.Settings) error) error {
	if _, err := s.updateSettings(ctx, cx.GuildID(), change); err != nil {
		return err
	}
	return cx.Reply(ctx, answer)
}

// forgetSettings drops the guild's cached settings, or all of them for
// "": store.WatchSettings calls it when a process changed them.
func (s *service) forgetSettings(guildID string) {
	if guildID == "" {
		s.guildSettings.Clear()
		return
	}
	s.guildSettings.Delete(guildID)
}

// watchSettings keeps the settings cache in step with the other cogd
// processes on the same PostgreSQL database until ctx ends (changes show
// within a second instead of settingsTTL); it returns at once on SQLite.
func (s *service) watchSettings(ctx context.Context) {
	if err := s.store.Core().WatchSettings(ctx, s.forgetSettings); err != nil {
		s.log.Warn("settings watch stopped", "err", err)
	}
}
