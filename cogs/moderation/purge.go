package moderation

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// Purge limits.
const (
	// bulkMax is the most messages one bulk delete takes.
	bulkMax = 100
	// bulkMaxAge is the age beyond which Discord refuses bulk deletes.
	bulkMaxAge = 14 * 24 * time.Hour
	// maxScanned bounds the messages read to find a member's messages.
	maxScanned = 5000
	// previewAuthors is how many authors a purge preview lists.
	previewAuthors = 10
)

// purgeColor is the colour of purge previews.
const purgeColor = 0x3498db

// purgeScan is what a scan of the channel found: the messages to delete
// (newest first) and those skipped.
type purgeScan struct {
	msgs        []*discordgo.Message
	pinned, old int
}

// purgePlan is a previewed purge: where, by whom, of whose messages, and
// what the scan found.
type purgePlan struct {
	guildID, channelID, channelName string
	moderator                       *discordgo.User
	// target is the member whose messages are purged; nil for everyone's.
	target *discordgo.User
	scan   purgeScan
}

var _ bulkAction = (*purgePlan)(nil)

// permission is Manage Messages.
func (p *purgePlan) permission() int64 { return permMessages }

// purge answers `purge <count> [member]` with a preview: of the count most
// recent messages before the command (the member's only, if given), what
// would be deleted (all but the pinned ones and those older than 14 days)
// and the code that confirms it.
func purge(ctx context.Context, s *service, cx *command.Context) error {
	p := &purgePlan{guildID: cx.GuildID(), channelID: cx.ChannelID(), moderator: cx.Author()}
	if m := cx.Member("member"); m != nil {
		p.target = m.User
	}
	var err error
	if p.scan, err = s.scan(ctx, p.channelID, cx.MessageID(), cx.Int("count"), p.targetID()); err != nil {
		return err
	}
	if len(p.scan.msgs) == 0 {
		return cx.Reply(ctx, "Nothing to delete ("+p.scan.skipped()+").")
	}
	p.channelName = s.channelName(ctx, p.channelID)
	code, _ := s.bulk.confirms.add(p.guildID, p.moderator.ID, p)
	_, err = cx.Respond(ctx, &discordgo.MessageSend{Content: confirmLine(cx, code),
		Embeds: []*discordgo.MessageEmbed{p.preview()}, Components: previewButtons(cx, code)})
	return err
}

// confirmLine tells the moderator how to confirm a preview: a button on
// the slash transport, `confirm <code>` on both.
func confirmLine(cx *command.Context, code string) string {
	if onInteraction(cx) {
		return "Nothing happens until you press Confirm (or use `/confirm " + code + "`) within 60 seconds."
	}
	return "Nothing happens until you confirm: `" + cx.Prefix + "confirm " + code + "` within 60 seconds."
}

// targetID is the purged member's ID, or "".
func (p *purgePlan) targetID() string {
	if p.target == nil {
		return ""
	}
	return p.target.ID
}

// preview renders the purge preview.
func (p *purgePlan) preview() *discordgo.MessageEmbed {
	whose := ""
	if p.target != nil {
		whose = " by " + bounded(p.target.Username, nameLimit)
	}
	oldest, newest := p.scan.msgs[len(p.scan.msgs)-1], p.scan.msgs[0]
	e := &discordgo.MessageEmbed{Title: "Purge preview", Color: purgeColor,
		Description: fmt.Sprintf("Would delete **%s**%s in %s.\n**Deleting messages cannot be undone**; the modlog keeps a transcript.",
			plural(len(p.scan.msgs), "message"), whose, channelMention(p.channelID)),
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Authors", Value: authorCounts(p.scan.msgs)},
			inline("From", timestamp(oldest.Timestamp)), inline("To", timestamp(newest.Timestamp)),
			{Name: "Skipped", Value: capitalize(p.scan.skipped()) + "."},
		}}
	return command.FitEmbed(e)
}

// authorCounts lists the authors with the most messages, most first.
func authorCounts(msgs []*discordgo.Message) string {
	type count struct {
		name string
		n    int
	}
	byID := map[string]*count{}
	var order []*count
	for _, m := range msgs {
		id, name := authorOf(m)
		if byID[id] == nil {
			byID[id] = &count{name: name}
			order = append(order, byID[id])
		}
		byID[id].n++
	}
	slices.SortStableFunc(order, func(a, b *count) int { return cmp.Compare(b.n, a.n) })
	var lines []string
	for i, c := range order {
		if i == previewAuthors {
			lines = append(lines, fmt.Sprintf("… and %s more", plural(len(order)-i, "author")))
			break
		}
		lines = append(lines, bounded(c.name, nameLimit)+": "+plural(c.n, "message"))
	}
	return strings.Join(lines, "\n")
}

// authorOf is a message's author ID and username ("unknown" without one).
func authorOf(m *discordgo.Message) (id, name string) {
	if m.Author == nil {
		return "", "unknown"
	}
	return m.Author.ID, m.Author.Username
}

// capitalize upper-cases the first letter of an ASCII sentence.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// run deletes the previewed messages, records the case and posts it to the
// modlog with the transcript.
func (p *purgePlan) run(ctx context.Context, s *service) (string, error) {
	ids := make([]string, len(p.scan.msgs))
	for i, m := range p.scan.msgs {
		ids[i] = m.ID
	}
	if err := s.deleteMessages(ctx, p.channelID, ids, p.moderator); err != nil {
		return "", err
	}
	c, err := s.recordPurge(ctx, p)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Case #%d: deleted %s; %s. This cannot be undone; the transcript is in the modlog.",
		c.Number, plural(len(ids), "message"), p.scan.skipped()), nil
}

// skipped describes the skipped messages.
func (p purgeScan) skipped() string {
	if p.pinned+p.old == 0 {
		return "none skipped"
	}
	return fmt.Sprintf("skipped %d (%d pinned, %d older than 14 days)", p.pinned+p.old, p.pinned, p.old)
}

// scan reads the channel backwards from before, page by page, until it
// has considered count messages (by authorID when set), the history ends
// or maxScanned messages were read.
func (s *service) scan(ctx context.Context, channelID, before string, count int, authorID string) (purgeScan, error) {
	var p purgeScan
	cutoff := s.now().Add(-bulkMaxAge)
	for scanned := 0; scanned < maxScanned && len(p.msgs)+p.pinned+p.old < count; {
		page, err := s.rest.ChannelMessages(channelID, bulkMax, before, "", "", discordgo.WithContext(ctx))
		if err != nil {
			return p, fmt.Errorf("list messages of %s: %w", channelID, err)
		}
		if len(page) == 0 {
			break
		}
		p.take(page, count, authorID, cutoff)
		scanned, before = scanned+len(page), page[len(page)-1].ID
	}
	return p, nil
}

// take sorts one page (newest first) into deletable and skipped messages.
func (p *purgeScan) take(page []*discordgo.Message, count int, authorID string, cutoff time.Time) {
	for _, m := range page {
		switch {
		case len(p.msgs)+p.pinned+p.old >= count:
			return
		case authorID != "" && (m.Author == nil || m.Author.ID != authorID):
		case m.Pinned:
			p.pinned++
		case !createdAfter(m.ID, cutoff):
			p.old++
		default:
			p.msgs = append(p.msgs, m)
		}
	}
}

// createdAfter reports whether the snowflake was made after t.
func createdAfter(id string, t time.Time) bool {
	at, err := discordgo.SnowflakeTimestamp(id)
	return err == nil && at.After(t)
}

// deleteMessages deletes ids in batches of at most 100 (discordgo's bulk
// delete silently drops IDs past 100); a batch of one uses the
// single-message route, which bulk delete does not accept.
func (s *service) deleteMessages(ctx context.Context, channelID string, ids []string, mod *discordgo.User) error {
	for start := 0; start < len(ids); start += bulkMax {
		batch := ids[start:min(start+bulkMax, len(ids))]
		var err error
		if len(batch) == 1 {
			err = s.rest.ChannelMessageDelete(channelID, batch[0], opts(ctx, mod, "purge")...)
		} else {
			err = s.rest.ChannelMessagesBulkDelete(channelID, batch, opts(ctx, mod, "purge")...)
		}
		if err != nil {
			return fmt.Errorf("delete messages %d-%d of %d in %s: %w", start+1, start+len(batch), len(ids), channelID, err)
		}
	}
	return nil
}

// recordPurge stores the purge case and posts it to the modlog with the
// transcript of the deleted messages.
func (s *service) recordPurge(ctx context.Context, p *purgePlan) (modstore.Case, error) {
	set, err := s.settings(ctx, p.guildID)
	if err != nil {
		return modstore.Case{}, err
	}
	c, err := s.store.CreateCase(ctx, modstore.Case{GuildID: p.guildID, Action: modstore.ActionPurge, TargetID: p.targetID(),
		ModeratorID: p.moderator.ID, CreatedAt: s.now(),
		Reason: fmt.Sprintf("Deleted %s in %s; %s.", plural(len(p.scan.msgs), "message"), p.channelName, p.scan.skipped())})
	if err != nil {
		return c, fmt.Errorf("record purge: %w", err)
	}
	s.postModlog(ctx, set, caseView{Case: c, Moderator: p.moderator, Target: p.target}, []*discordgo.File{p.transcript(c)})
	return c, nil
}

// transcript is the text file of the deleted messages, oldest first:
// time, author and content of each, with its attachments' names and URLs.
func (p *purgePlan) transcript(c modstore.Case) *discordgo.File {
	var b strings.Builder
	fmt.Fprintf(&b, "Case #%d: purge of %s (channel %s) by %s (%s), %s.\n%s, oldest first.\n\n",
		c.Number, p.channelName, p.channelID, p.moderator.Username, p.moderator.ID,
		c.CreatedAt.UTC().Format(time.RFC3339), plural(len(p.scan.msgs), "deleted message"))
	for _, m := range slices.Backward(p.scan.msgs) {
		id, name := authorOf(m)
		fmt.Fprintf(&b, "[%s] %s (%s):", m.Timestamp.UTC().Format(time.RFC3339), name, id)
		for line := range strings.Lines(m.Content) {
			b.WriteString("\n    " + strings.TrimRight(line, "\n"))
		}
		for _, a := range m.Attachments {
			fmt.Fprintf(&b, "\n    [attachment %s: %s]", a.Filename, a.URL)
		}
		b.WriteString("\n")
	}
	return &discordgo.File{Name: fmt.Sprintf("purge-case-%d.txt", c.Number), ContentType: "text/plain; charset=utf-8",
		Reader: strings.NewReader(b.String())}
}

// channelName is "#name" of a channel, or its ID when unknown.
func (s *service) channelName(ctx context.Context, channelID string) string {
	if ch, err := s.discord.Channel(ctx, channelID); err == nil {
		return "#" + ch.Name
	}
	return "channel " + channelID
}
