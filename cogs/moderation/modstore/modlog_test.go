package modstore

import (
	"context"
	"errors"
	"testing"
)

func TestCaseEntries(t *testing.T) { forEachBackend(t, testCaseEntries) }

func testCaseEntries(t *testing.T, open opener) {
	ctx := context.Background()
	s := open(t, Config{})
	c := mustCreateCase(t, s, Case{GuildID: "g", Action: ActionBan, TargetID: "u1", ModeratorID: "m"})
	if _, err := s.CaseEntry(ctx, c.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("entry before save: %v, want ErrNotFound", err)
	}
	first := CaseEntry{CaseID: c.ID, GuildID: "g", TargetName: "bob", ModeratorName: "mod"}
	if err := s.SaveCaseEntry(ctx, first); err != nil {
		t.Fatal(err)
	}
	posted := first
	posted.ChannelID, posted.MessageID = "ch", "msg"
	if err := s.SaveCaseEntry(ctx, posted); err != nil {
		t.Fatal(err)
	}
	got, err := s.CaseEntry(ctx, c.ID)
	if err != nil || got != posted || !got.Posted() {
		t.Fatalf("entry = %+v, %v; want %+v", got, err, posted)
	}
	other := mustCreateCase(t, s, Case{GuildID: "g", Action: ActionKick, TargetID: "u2", ModeratorID: "m"})
	all, err := s.CaseEntries(ctx, []int64{c.ID, other.ID})
	if err != nil || len(all) != 1 || all[c.ID] != posted {
		t.Fatalf("entries = %+v, %v", all, err)
	}
	if byID, err := s.CaseByID(ctx, other.ID); err != nil || byID.Number != other.Number || byID.Action != ActionKick {
		t.Fatalf("CaseByID = %+v, %v", byID, err)
	}
	if _, err := s.CaseByID(ctx, other.ID+100); !errors.Is(err, ErrNotFound) {
		t.Fatalf("CaseByID of nothing: %v", err)
	}
	if err := s.SaveCaseEntry(ctx, CaseEntry{GuildID: "g"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("entry without case: %v, want ErrInvalid", err)
	}
}
