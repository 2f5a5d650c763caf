package modstore

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"cogd/internal/store"
)

func TestGuildSettingsDefaults(t *testing.T) { forEachBackend(t, testGuildSettingsDefaults) }

func testGuildSettingsDefaults(t *testing.T, open opener) {
	s := open(t, Config{})
	got, err := s.GuildSettings(context.Background(), "g")
	if err != nil || !reflect.DeepEqual(got, Settings{Settings: store.Settings{GuildID: "g"}}) {
		t.Errorf("GuildSettings = %+v, %v; want the zero settings of g", got, err)
	}
}

func TestUpdateGuildSettings(t *testing.T) { forEachBackend(t, testUpdateGuildSettings) }

func testUpdateGuildSettings(t *testing.T, open opener) {
	ctx := context.Background()
	clock := newFakeClock()
	s := open(t, Config{Now: clock.Now})
	policy := EscalationPolicy{
		{Points: 7, Action: ActionBan},
		{Points: 3, Action: ActionTimeout, Duration: time.Hour},
		{Points: 5, Action: ActionKick},
	}
	got, err := s.UpdateGuildSettings(ctx, "g", func(st *Settings) error {
		st.Prefix, st.ModlogChannelID, st.WelcomeChannelID = "?", "c1", "c2"
		st.WelcomeMessage, st.WarnDecayDays, st.Escalation = "hi {user}", 30, policy
		st.GuildID = "hijack" // ignored
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{Settings: store.Settings{
		GuildID: "g", Prefix: "?", ModlogChannelID: "c1", WelcomeChannelID: "c2",
		WelcomeMessage: "hi {user}", WarnDecayDays: 30, CreatedAt: epoch, UpdatedAt: epoch,
	}, Escalation: EscalationPolicy{policy[1], policy[2], policy[0]}} // stored sorted
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UpdateGuildSettings = %+v\nwant %+v", got, want)
	}
	if read, err := s.GuildSettings(ctx, "g"); err != nil || !reflect.DeepEqual(read, want) {
		t.Errorf("GuildSettings = %+v, %v\nwant %+v", read, err, want)
	}

	clock.Set(epoch.Add(time.Hour))
	got, err = s.UpdateGuildSettings(ctx, "g", func(st *Settings) error { st.Prefix = "!"; return nil })
	want.Prefix, want.UpdatedAt = "!", epoch.Add(time.Hour)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("second update = %+v, %v\nwant %+v", got, err, want)
	}
}

func TestUpdateGuildSettingsFailureChangesNothing(t *testing.T) {
	forEachBackend(t, testUpdateGuildSettingsFailureChangesNothing)
}

func testUpdateGuildSettingsFailureChangesNothing(t *testing.T, open opener) {
	errBoom := errors.New("boom")
	tests := []struct {
		name    string
		fn      func(*Settings) error
		wantErr error
	}{
		{"fn error", func(st *Settings) error { st.Prefix = "x"; return errBoom }, errBoom},
		{"negative decay", func(st *Settings) error { st.WarnDecayDays = -1; return nil }, ErrInvalid},
		{"bad escalation", func(st *Settings) error {
			st.Escalation = EscalationPolicy{{Points: 3, Action: ActionWarn}}
			return nil
		}, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, Config{})
			if _, err := s.UpdateGuildSettings(ctx, "g", tt.fn); !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			got, err := s.GuildSettings(ctx, "g")
			if err != nil || !reflect.DeepEqual(got, Settings{Settings: store.Settings{GuildID: "g"}}) {
				t.Errorf("settings after failed update = %+v, %v; want defaults, no row", got, err)
			}
		})
	}
}
