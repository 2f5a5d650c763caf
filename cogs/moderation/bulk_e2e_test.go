package moderation_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/discordtest"
)

// transcript returns the name and text of the file attached to the first
// modlog post after mark.
func (h *harness) transcript(mark int) (string, string) {
	h.t.Helper()
	r := h.find(mark, http.MethodPost, "/channels/"+h.w.Modlog+"/messages")
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		h.t.Fatalf("modlog post is %q, want multipart with a file", r.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(bytes.NewReader(r.Body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			h.t.Fatalf("no file in the modlog post: %v", err)
		}
		if p.FileName() != "" {
			data, _ := io.ReadAll(p)
			return p.FileName(), string(data)
		}
	}
}

func TestPurgePreviewConfirmTranscript(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	ids := append(h.post(h.w.Alice, 3), h.post(h.w.Bob, 2)...)
	mark := h.mark()
	pv, code := h.preview(h.w.Moderator, "!purge 5")
	if m := h.mutations(h.since(mark)); len(m) != 0 {
		t.Fatalf("the preview changed something: %v", m)
	}
	if kept := h.stored(ids); len(kept) != 5 {
		t.Fatalf("preview deleted messages: %d of 5 kept", len(kept))
	}
	got := text(pv)
	for _, want := range []string{"`!confirm " + code + "` within 60 seconds", "Purge preview", "Would delete **5 messages** in <#" + h.w.General + ">",
		"cannot be undone", "Authors: alice: 3 messages\nbob: 2 messages", "Skipped: None skipped."} {
		if !strings.Contains(got, want) {
			t.Errorf("preview lacks %q:\n%s", want, got)
		}
	}
	mark = h.mark()
	ms := h.say(h.w.Moderator, "!confirm "+strings.ToLower(code))
	if got := text(in(ms, h.w.General)[0]); got != "Case #1: deleted 5 messages; none skipped. This cannot be undone; the transcript is in the modlog." {
		t.Fatalf("confirm = %q", got)
	}
	if kept := h.stored(ids); len(kept) != 0 {
		t.Fatalf("%d messages left", len(kept))
	}
	log := in(ms, h.w.Modlog)
	if len(log) != 1 || log[0].Embeds[0].Title != "Case #1 · Purge" || len(log[0].Attachments) != 1 || log[0].Attachments[0].Filename != "purge-case-1.txt" {
		t.Fatalf("modlog = %q, attachments %v", texts(log), log)
	}
	name, body := h.transcript(mark)
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if name != "purge-case-1.txt" || !strings.HasPrefix(lines[0], "Case #1: purge of #general (channel "+h.w.General+") by mod ("+h.w.Moderator+")") ||
		lines[1] != "5 deleted messages, oldest first." || len(lines) != 3+2*5 {
		t.Fatalf("transcript %s:\n%s", name, body)
	}
	first, last := lines[3], lines[len(lines)-2]
	if !strings.HasSuffix(first, "] alice ("+h.w.Alice+"):") || lines[4] != "    message 0" ||
		!strings.HasSuffix(last, "] bob ("+h.w.Bob+"):") || lines[len(lines)-1] != "    message 1" {
		t.Fatalf("transcript entries (author, time, content, oldest first):\n%s", body)
	}
	if _, err := time.Parse(time.RFC3339, strings.Trim(strings.Fields(first)[0], "[]")); err != nil {
		t.Fatalf("transcript time %q: %v", first, err)
	}
	if got := h.reply(h.w.Moderator, "!confirm "+code); got != "There is nothing to confirm with code "+code+"." {
		t.Fatalf("second confirm = %q", got)
	}
}

func TestPurgeConfirmByAnotherModeratorRefused(t *testing.T) {
	t.Parallel()
	h := start(t)
	mod2 := h.member("mod2", h.w.ModRole)
	ids := h.post(h.w.Bob, 3)
	_, code := h.preview(h.w.Moderator, "!purge 3")
	mark := h.mark()
	if got := h.reply(mod2, "!confirm "+code); got != "Only the moderator who started it can confirm "+code+"." {
		t.Fatalf("other moderator = %q", got)
	}
	if m := h.mutations(h.since(mark)); len(m) != 0 || len(h.stored(ids)) != 3 {
		t.Fatalf("refused confirm acted: %v", m)
	}
	if got := h.reply(h.w.Moderator, "!confirm "+code); !strings.HasPrefix(got, "Case #1: deleted 3 messages") {
		t.Fatalf("the moderator's own confirm after the refusal = %q", got)
	}
}

func TestPurgeConfirmAfter60SecondsRefused(t *testing.T) {
	t.Parallel()
	h := start(t)
	ids := h.post(h.w.Bob, 3)
	_, code := h.preview(h.w.Moderator, "!purge 3")
	h.clock.Advance(61 * time.Second)
	want := "Code " + code + " expired. Previews wait 60 seconds; nothing was done. Run the command again for a new preview."
	if got := h.reply(h.w.Moderator, "!confirm "+code); got != want {
		t.Fatalf("late confirm = %q", got)
	}
	if len(h.stored(ids)) != 3 {
		t.Fatal("a late confirm deleted messages")
	}
	if got := h.reply(h.w.Moderator, "!confirm "+code); got != "There is nothing to confirm with code "+code+"." {
		t.Fatalf("expired code again = %q", got)
	}
}

// massbanWorld adds two spammers (members), a stranger (not a member), a
// bot, an already banned user and a second moderator.
type massbanWorld struct {
	spam1, spam2, stranger, robot, banned, mod2 string
}

func (h *harness) massbanWorld() massbanWorld {
	h.t.Helper()
	w := massbanWorld{spam1: h.member("spam1"), spam2: h.member("spam2"), mod2: h.member("mod2", h.w.ModRole)}
	w.stranger = h.emu.AddUser(discordtest.User{Username: "stranger"})
	w.robot = h.emu.AddUser(discordtest.User{Username: "robot", Bot: true})
	w.banned = h.emu.AddUser(discordtest.User{Username: "evader"})
	dg, err := h.emu.NewSession(0)
	if err != nil {
		h.t.Fatal(err)
	}
	defer dg.Client.Transport.(interface{ CloseIdleConnections() }).CloseIdleConnections()
	if err := dg.GuildBanCreate(h.w.Guild, w.banned, 0); err != nil {
		h.t.Fatal(err)
	}
	return w
}

func TestMassbanPreviewConfirmUndo(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.setModlog()
	w := h.massbanWorld()
	// IDs, a mention and a member's name ("mod2"); the reason starts at the
	// first word that names nobody.
	cmd := "!massban " + strings.Join([]string{w.spam1, mention(w.spam2), w.stranger, w.robot, w.banned, "mod2",
		h.w.Moderator, h.w.Owner, "999999999999999999"}, " ") + " raid wave"
	mark := h.mark()
	pv, code := h.preview(h.w.Moderator, cmd)
	if m := h.mutations(h.since(mark)); len(m) != 0 {
		t.Fatalf("the preview changed something: %v", m)
	}
	got := text(pv)
	for _, want := range []string{"Massban preview", "Would ban **3 users** permanently", "Reason: raid wave", "undone for 10 minutes",
		"To ban (3): spam1 (" + mention(w.spam1) + ")\nspam2 (" + mention(w.spam2) + ")\nstranger (" + mention(w.stranger) + ")",
		"Skipped (6): robot (" + mention(w.robot) + ") — a bot\nevader (" + mention(w.banned) + ") — already banned\n" +
			"mod2 (" + mention(w.mod2) + ") — highest role not below yours\nmod (" + mention(h.w.Moderator) + ") — that's you\n" +
			"you (" + mention(h.w.Owner) + ") — server owner\n<@999999999999999999> (999999999999999999) — unknown user"} {
		if !strings.Contains(got, want) {
			t.Errorf("preview lacks %q:\n%s", want, got)
		}
	}
	ms := h.say(h.w.Moderator, "!confirm "+code)
	reply := text(in(ms, h.w.General)[0])
	if !strings.HasPrefix(reply, "Banned 3 users (cases #1–#3). To lift these bans within 10 minutes: `!undo ") {
		t.Fatalf("confirm = %q", reply)
	}
	for _, id := range []string{w.spam1, w.spam2, w.stranger} {
		if reason, banned := h.emu.Ban(h.w.Guild, id); !banned || !strings.HasSuffix(reason, ": raid wave") {
			t.Errorf("%s: ban %q %v", id, reason, banned)
		}
	}
	cs := h.cases()
	if len(cs) != 3 || cs[0].Action != modstore.ActionBan || cs[0].TargetID != w.spam1 || cs[2].TargetID != w.stranger || cs[1].ModeratorID != h.w.Moderator {
		t.Fatalf("cases = %+v", cs)
	}
	if log := in(ms, h.w.Modlog); len(log) != 3 {
		t.Fatalf("modlog entries = %q", texts(log))
	}
	undo := h.undoCode(reply)
	if got := h.reply(w.mod2, "!undo "+undo); got != "Only the moderator who started it can undo "+undo+"." {
		t.Fatalf("undo by another moderator = %q", got)
	}
	ms = h.say(h.w.Moderator, "!undo "+undo)
	if got := text(in(ms, h.w.General)[0]); got != "Unbanned 3 users (cases #4–#6)." {
		t.Fatalf("undo = %q", got)
	}
	for _, id := range []string{w.spam1, w.spam2, w.stranger} {
		if _, banned := h.emu.Ban(h.w.Guild, id); banned {
			t.Errorf("%s still banned", id)
		}
	}
	if _, banned := h.emu.Ban(h.w.Guild, w.banned); !banned {
		t.Error("undo lifted a ban the massban did not make")
	}
	cs = h.cases()
	if len(cs) != 6 || cs[3].Action != modstore.ActionUnban || cs[5].TargetID != w.stranger || cs[4].Reason != "Undo of massban cases #1–#3." {
		t.Fatalf("cases after undo = %+v", cs[3:])
	}
	if got := h.reply(h.w.Moderator, "!undo "+undo); got != "There is nothing to undo with code "+undo+"." {
		t.Fatalf("second undo = %q", got)
	}
}

func TestMassbanUndoAfter10MinutesRefused(t *testing.T) {
	t.Parallel()
	h := start(t)
	spam := h.member("spam")
	_, code := h.preview(h.w.Moderator, "!massban spam")
	undo := h.undoCode(h.reply(h.w.Moderator, "!confirm "+code))
	h.clock.Advance(10*time.Minute + time.Second)
	want := "Code " + undo + " expired. Bulk actions can be undone for 10 minutes; undo by hand now (`unban`)."
	if got := h.reply(h.w.Moderator, "!undo "+undo); got != want {
		t.Fatalf("late undo = %q", got)
	}
	if _, banned := h.emu.Ban(h.w.Guild, spam); !banned {
		t.Fatal("a late undo unbanned")
	}
	if cs := h.cases(); len(cs) != 1 {
		t.Fatalf("cases = %+v", cs)
	}
}

func TestMassbanNobodyToBan(t *testing.T) {
	t.Parallel()
	h := start(t)
	mark := h.mark()
	got := h.reply(h.w.Moderator, "!massban "+h.w.Moderator+" "+h.emu.BotID())
	if !strings.Contains(got, "Nobody to ban") || strings.Contains(got, "confirm") || !strings.Contains(got, "that's me") {
		t.Fatalf("nobody = %q", got)
	}
	if m := h.mutations(h.since(mark)); len(m) != 0 {
		t.Fatalf("mutations: %v", m)
	}
	if got := h.reply(h.w.Alice, "!massban "+h.w.Bob); got != "You need these permissions: Ban Members." {
		t.Fatalf("member = %q", got)
	}
}

// TestConfirmRechecksThePermission: a moderator who lost Ban Members
// after the preview cannot confirm it.
func TestConfirmRechecksThePermission(t *testing.T) {
	t.Parallel()
	h := start(t)
	spam := h.member("spam")
	mod2 := h.member("mod2", h.w.ModRole)
	_, code := h.preview(mod2, "!massban spam")
	h.emu.AddMember(h.w.Guild, mod2, nil, "")
	if got := h.reply(mod2, "!confirm "+code); got != "You need these permissions: Ban Members." {
		t.Fatalf("confirm without the permission = %q", got)
	}
	if _, banned := h.emu.Ban(h.w.Guild, spam); banned {
		t.Fatal("banned anyway")
	}
}
