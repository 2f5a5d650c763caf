package moderation

import (
	"context"
	"fmt"
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
)

// purgeScan is what a scan of the channel found: the messages to delete
// and those skipped.
type purgeScan struct {
	ids         []string
	pinned, old int
}

// purge answers `purge <count> [member]`: of the count most recent
// messages before the command (the member's only, if given), deletes all
// but the pinned ones and those older than 14 days.
func purge(ctx context.Context, s *service, cx *command.Context) error {
	var authorID string
	if m := cx.Member("member"); m != nil {
		authorID = m.User.ID
	}
	scan, err := s.scan(ctx, cx.ChannelID(), cx.MessageID(), cx.Int("count"), authorID)
	if err != nil {
		return err
	}
	if len(scan.ids) == 0 {
		return cx.Reply(ctx, "Nothing to delete ("+scan.skipped()+").")
	}
	if err := s.deleteMessages(ctx, cx.ChannelID(), scan.ids, cx.Author()); err != nil {
		return err
	}
	c, err := s.recordPurge(ctx, cx, authorID, scan)
	if err != nil {
		return err
	}
	return cx.Reply(ctx, fmt.Sprintf("Case #%d: deleted %s; %s.", c.Number, plural(len(scan.ids), "message"), scan.skipped()))
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
	for scanned := 0; scanned < maxScanned && len(p.ids)+p.pinned+p.old < count; {
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
		case len(p.ids)+p.pinned+p.old >= count:
			return
		case authorID != "" && (m.Author == nil || m.Author.ID != authorID):
		case m.Pinned:
			p.pinned++
		case !createdAfter(m.ID, cutoff):
			p.old++
		default:
			p.ids = append(p.ids, m.ID)
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

// recordPurge stores the purge case and posts it to the modlog.
func (s *service) recordPurge(ctx context.Context, cx *command.Context, authorID string, p purgeScan) (modstore.Case, error) {
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return modstore.Case{}, err
	}
	c, err := s.store.CreateCase(ctx, modstore.Case{GuildID: cx.GuildID(), Action: modstore.ActionPurge, TargetID: authorID,
		ModeratorID: cx.Author().ID, CreatedAt: s.now(),
		Reason: fmt.Sprintf("Deleted %s in %s; %s.", plural(len(p.ids), "message"), s.channelName(ctx, cx.ChannelID()), p.skipped())})
	if err != nil {
		return c, fmt.Errorf("record purge: %w", err)
	}
	v := caseView{Case: c, Moderator: cx.Author()}
	if m := cx.Member("member"); m != nil {
		v.Target = m.User
	}
	s.modlog(ctx, set, v)
	return c, nil
}

// channelName is "#name" of a channel, or its ID when unknown.
func (s *service) channelName(ctx context.Context, channelID string) string {
	if ch, err := s.discord.Channel(ctx, channelID); err == nil {
		return "#" + ch.Name
	}
	return "channel " + channelID
}
