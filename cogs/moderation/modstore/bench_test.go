package modstore

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
)

// BenchmarkCreateCase is one warn's database write (number allocation and
// insert, one transaction) from a single goroutine.
func BenchmarkCreateCase(b *testing.B) {
	ctx := context.Background()
	s := mustOpen(b, Config{})
	c := Case{GuildID: "g", Action: ActionWarn, TargetID: "u", ModeratorID: "m", Reason: "spam", Points: 1}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.CreateCase(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateCaseParallel is BenchmarkCreateCase from GOMAXPROCS
// goroutines (times -cpu), spread over 8 guilds, as concurrent commands are.
func BenchmarkCreateCaseParallel(b *testing.B) {
	ctx := context.Background()
	s := mustOpen(b, Config{})
	var next atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		c := Case{GuildID: fmt.Sprint("g", next.Add(1)%8), Action: ActionWarn, TargetID: "u", ModeratorID: "m", Reason: "spam", Points: 1}
		for pb.Next() {
			if _, err := s.CreateCase(ctx, c); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkWarnWrites is what the warn command does in the database: the
// case, then the member's active points for escalation.
func BenchmarkWarnWrites(b *testing.B) {
	ctx := context.Background()
	s := mustOpen(b, Config{})
	var next atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			// 1000 members, so each has a realistic handful of warnings.
			c := Case{GuildID: "g", Action: ActionWarn, TargetID: fmt.Sprint("u", next.Add(1)%1000), ModeratorID: "m", Reason: "spam", Points: 1}
			created, err := s.CreateCase(ctx, c)
			if err == nil {
				_, err = s.ActivePoints(ctx, "g", c.TargetID, created.CreatedAt, 30)
			}
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkGuildSettings is a cache miss of the prefix lookup.
func BenchmarkGuildSettings(b *testing.B) {
	ctx := context.Background()
	s := mustOpen(b, Config{})
	if _, err := s.UpdateGuildSettings(ctx, "g", func(st *Settings) error { st.Prefix = "?"; return nil }); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.GuildSettings(ctx, "g"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
