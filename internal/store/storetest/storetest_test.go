package storetest_test

import (
	"context"
	"testing"
	"time"

	"cogd/internal/store"
	"cogd/internal/store/storetest"
)

func TestMustOpenIsMigratedAndUsesClock(t *testing.T) {
	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		start := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
		clock := storetest.NewClock(start)
		s := b.Open(t, store.Config{Now: clock.Now})
		clock.Advance(time.Hour)
		set, err := s.UpdateGuildSettings(context.Background(), "g", func(s *store.Settings) error {
			s.Prefix = "?"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := start.Add(time.Hour); !set.CreatedAt.Equal(want) || s.Driver() != b.Driver {
			t.Errorf("CreatedAt = %s, want %s; driver %s, want %s", set.CreatedAt, want, s.Driver(), b.Driver)
		}
	})
}

func TestTwoStoresOnOneDatabase(t *testing.T) {
	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		db := b.NewDatabase(t)
		a := storetest.MustOpenConfig(t, b.On(t, store.Config{}, db))
		c := storetest.MustOpenConfig(t, b.On(t, store.Config{}, db))
		if _, err := a.UpdateGuildSettings(context.Background(), "g", func(s *store.Settings) error {
			s.Prefix = "?"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got, err := c.GuildSettings(context.Background(), "g"); err != nil || got.Prefix != "?" {
			t.Errorf("second store reads %+v, %v; want prefix ?", got, err)
		}
	})
}
