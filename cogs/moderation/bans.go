package moderation

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// Ban-list lookups of unban.
const (
	// banPage is how many bans one GET /guilds/{g}/bans returns at most.
	banPage = 1000
	// maxBanPages bounds the ban list read to find a user by name.
	maxBanPages = 10
	// maxCandidates is how many matches an ambiguous name lists.
	maxCandidates = 5
)

// userRef is a user ID or mention: 123…, <@123…>, <@!123…>.
var userRef = regexp.MustCompile(`^(?:<@!?)?([0-9]{15,21})>?$`)

// findBanned finds the banned user query names in the guild's ban list: by
// ID or mention directly, by name among the bans (exact names first, then
// names containing it). None is "not banned"; several are listed.
func (s *service) findBanned(ctx context.Context, guildID, query string) (*discordgo.User, error) {
	query = strings.TrimSpace(query)
	if m := userRef.FindStringSubmatch(query); m != nil {
		return s.banByID(ctx, guildID, m[1])
	}
	bans, err := s.banList(ctx, guildID)
	if err != nil {
		return nil, err
	}
	found := matchBans(bans, query)
	switch len(found) {
	case 0:
		return nil, &command.UserError{Msg: "No banned user is called " + quoted(query) + "."}
	case 1:
		return found[0], nil
	}
	return nil, ambiguousBan(query, found)
}

// banByID reads userID's ban; a user without one is answered "not banned"
// (after cancelling any scheduled unban of theirs).
func (s *service) banByID(ctx context.Context, guildID, userID string) (*discordgo.User, error) {
	b, err := s.rest.GuildBan(guildID, userID, discordgo.WithContext(ctx))
	if status, code := restError(err); status == http.StatusNotFound && code == discordgo.ErrCodeUnknownBan {
		return nil, s.notBanned(ctx, guildID, userID)
	}
	if err != nil {
		return nil, fmt.Errorf("read ban of %s: %w", userID, err)
	}
	if b.User == nil {
		return &discordgo.User{ID: userID}, nil
	}
	return b.User, nil
}

// notBanned answers an unban of a user Discord has no ban for, cancelling
// any pending unban of theirs on the way.
func (s *service) notBanned(ctx context.Context, guildID, userID string) error {
	if _, err := s.store.CancelActions(ctx, guildID, userID, modstore.ActionUnban); err != nil {
		return err
	}
	name := userID
	if u, err := s.rest.User(userID, discordgo.WithContext(ctx)); err == nil && u.Username != "" {
		name = "**" + bounded(u.Username, nameLimit) + "**"
	}
	return &command.UserError{Msg: name + " is not banned."}
}

// banList reads the guild's bans, page by page (at most maxBanPages).
func (s *service) banList(ctx context.Context, guildID string) ([]*discordgo.GuildBan, error) {
	var all []*discordgo.GuildBan
	after := ""
	for range maxBanPages {
		page, err := s.rest.GuildBans(guildID, banPage, "", after, discordgo.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("list bans: %w", err)
		}
		all = append(all, page...)
		if len(page) < banPage || page[len(page)-1].User == nil {
			break
		}
		after = page[len(page)-1].User.ID
	}
	return all, nil
}

// matchBans returns the banned users named query: exact username or
// display name (case-insensitive, a leading @ ignored) when any match,
// else those whose names contain it.
func matchBans(bans []*discordgo.GuildBan, query string) []*discordgo.User {
	q := strings.ToLower(strings.TrimPrefix(query, "@"))
	var exact, partial []*discordgo.User
	for _, b := range bans {
		if b.User == nil || q == "" {
			continue
		}
		name, display := strings.ToLower(b.User.Username), strings.ToLower(b.User.GlobalName)
		switch {
		case name == q || display == q:
			exact = append(exact, b.User)
		case strings.Contains(name, q) || strings.Contains(display, q):
			partial = append(partial, b.User)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return partial
}

// ambiguousBan lists the banned users a name matches.
func ambiguousBan(query string, found []*discordgo.User) error {
	names := make([]string, 0, maxCandidates)
	for _, u := range found[:min(len(found), maxCandidates)] {
		names = append(names, "**"+bounded(u.Username, nameLimit)+"** ("+u.ID+")")
	}
	more := ""
	if len(found) > maxCandidates {
		more = fmt.Sprintf(" and %d more", len(found)-maxCandidates)
	}
	return &command.UserError{Msg: fmt.Sprintf("%s matches %d banned users: %s%s. Use the ID.", quoted(query), len(found), strings.Join(names, ", "), more)}
}
