package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestCommandHashes(t *testing.T) { forEachBackend(t, testCommandHashes) }

func testCommandHashes(t *testing.T, open opener) {
	ctx := context.Background()
	clock := newFakeClock()
	s := open(t, Config{Now: clock.Now})
	if h, err := s.CommandHash(ctx, "global"); err != nil || h != "" {
		t.Fatalf("CommandHash before any save = %q, %v; want empty", h, err)
	}
	steps := []struct{ scope, hash string }{
		{"global", "aaa"},
		{"guild:80351110224678912", "bbb"},
		{"global", "ccc"}, // replaces aaa
	}
	for _, st := range steps {
		clock.Set(clock.Now().Add(time.Minute))
		if err := s.SaveCommandHash(ctx, st.scope, st.hash); err != nil {
			t.Fatalf("SaveCommandHash(%s, %s): %v", st.scope, st.hash, err)
		}
	}
	want := map[string]string{"global": "ccc", "guild:80351110224678912": "bbb", "guild:1": ""}
	for scope, hash := range want {
		if got, err := s.CommandHash(ctx, scope); err != nil || got != hash {
			t.Errorf("CommandHash(%s) = %q, %v; want %q", scope, got, err, hash)
		}
	}
	var row commandHashRow
	if err := s.read.Where("scope = ?", "global").Take(&row).Error; err != nil {
		t.Fatal(err)
	}
	if !row.UpdatedAt.UTC().Equal(epoch.Add(3 * time.Minute)) {
		t.Errorf("updated_at = %s, want the time of the last save %s", row.UpdatedAt, epoch.Add(3*time.Minute))
	}
}

func TestSaveCommandHashRefusesEmpty(t *testing.T) {
	s := mustOpen(t, Config{})
	for _, args := range [][2]string{{"", "h"}, {"global", ""}} {
		if err := s.SaveCommandHash(context.Background(), args[0], args[1]); !errors.Is(err, ErrInvalid) {
			t.Errorf("SaveCommandHash(%q, %q) = %v, want ErrInvalid", args[0], args[1], err)
		}
	}
}
