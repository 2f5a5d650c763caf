package storetest_test

import (
	"context"
	"testing"
	"time"

	"cogd/internal/store"
	"cogd/internal/store/storetest"
)

func TestMustOpenIsMigratedAndUsesClock(t *testing.T) {
	start := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := storetest.NewClock(start)
	s := storetest.MustOpenConfig(t, store.Config{Now: clock.Now})
	clock.Advance(time.Hour)
	c, err := s.CreateCase(context.Background(), store.Case{GuildID: "g", Action: store.ActionWarn, TargetID: "u"})
	if err != nil {
		t.Fatal(err)
	}
	if want := start.Add(time.Hour); !c.CreatedAt.Equal(want) {
		t.Errorf("CreatedAt = %s, want %s", c.CreatedAt, want)
	}
}
