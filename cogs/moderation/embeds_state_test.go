package moderation

import (
	"testing"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
)

// TestCaseStateEmbedsGolden: the modlog embed states a ban's effect
// (permanent, messages deleted) and a case's state (failed with the
// reason, pending).
func TestCaseStateEmbedsGolden(t *testing.T) {
	t.Parallel()
	bob := &discordgo.User{ID: "200", Username: "bob"}
	mod := &discordgo.User{ID: "100", Username: "mod"}
	ban := modstore.Case{Number: 5, Action: modstore.ActionBan, TargetID: "200", ModeratorID: "100", Reason: "raid",
		DeleteDays: 3, CreatedAt: fixed, State: modstore.StateDone}
	failed := ban
	failed.State, failed.Failure, failed.DeleteDays = modstore.StateFailed, "403 Missing Permissions", 0
	pending := ban
	pending.State = modstore.StatePending
	for name, c := range map[string]modstore.Case{
		"case_ban_deleted.json": ban, "case_ban_failed.json": failed, "case_ban_pending.json": pending,
	} {
		t.Run(name, func(t *testing.T) {
			assertGolden(t, name, indentJSON(t, caseEmbed(caseView{Case: c, Target: bob, Moderator: mod})))
		})
	}
}
