package moderation

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/command"
)

// Case search limits.
const (
	casesPerPage = 10
	// searchReasonLimit bounds a reason in the case list.
	searchReasonLimit = 200
	// maxCasePage is the highest page number accepted.
	maxCasePage = 9999
)

// casesColor is the colour of the case list.
const casesColor = 0x5865f2

// caseSearch is a parsed `cases` query before the member is resolved.
type caseSearch struct {
	// who is the member as typed ("" for everyone).
	who     string
	actions []modstore.Action
	since   time.Duration
	page    int
	// words are the query's words but the page, to repeat it for the
	// next page.
	words []string
}

// caseQuery is a resolved case search: what the store selects and how the
// list's title names it. A page button can keep it and call casesPage.
type caseQuery struct {
	modstore.CaseQuery
	// who names the member in the title ("" for everyone).
	who string
}

// parseCaseSearch reads the words of a `cases` query.
func parseCaseSearch(words []string) (caseSearch, error) {
	q := caseSearch{page: 1}
	for _, w := range words {
		if err := q.add(w); err != nil {
			return q, err
		}
	}
	return q, nil
}

// add reads one word: a page, an action, a duration or the member.
func (q *caseSearch) add(w string) error {
	lw := strings.ToLower(w)
	if n, ok := pageNumber(lw); ok {
		q.page = n
		return nil
	}
	q.words = append(q.words, w)
	if a, ok := actionWord(lw); ok {
		q.actions = append(q.actions, a)
		return nil
	}
	if d, err := command.ParseDuration(strings.TrimPrefix(lw, "since:")); err == nil {
		if q.since != 0 {
			return command.Errorf("Give one duration, not both %s and %s.", command.FormatDuration(q.since), w)
		}
		q.since = d
		return nil
	}
	if strings.HasPrefix(lw, "page:") || strings.HasPrefix(lw, "since:") {
		return command.Errorf("%s is not a page number (page:2) or a duration (since:30d).", w)
	}
	if q.who != "" {
		return command.Errorf("Give one member, not both %s and %s (quote a name with spaces).", q.who, w)
	}
	q.who = w
	return nil
}

// pageNumber reads "page:N" or a bare N of at most 4 digits.
func pageNumber(w string) (int, bool) {
	w = strings.TrimPrefix(w, "page:")
	if len(w) == 0 || len(w) > 4 {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	if err != nil || n < 1 || n > maxCasePage || w[0] == '+' || w[0] == '-' {
		return 0, false
	}
	return n, true
}

// actionWord reads an action name, singular or plural ("mute" is a
// timeout).
func actionWord(w string) (modstore.Action, bool) {
	if w == "mute" || w == "mutes" {
		return modstore.ActionTimeout, true
	}
	if a := modstore.Action(w); a.Valid() {
		return a, true
	}
	if a := modstore.Action(strings.TrimSuffix(w, "s")); a.Valid() && strings.HasSuffix(w, "s") {
		return a, true
	}
	return "", false
}

// cases answers `cases [query…]`.
func cases(ctx context.Context, s *service, cx *command.Context) error {
	e, search, hasNext, err := s.searchPage(ctx, cx.GuildID(), cx.String("query"), 0)
	if err != nil {
		return err
	}
	m := &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{e}, Components: casesButtons(cx, search.words, max(search.page, 1), hasNext)}
	if hasNext && m.Components == nil {
		m.Content = "Next page: `" + cx.Prefix + "cases " + joinWords(search.words) + pageWord(search.page+1) + "`"
	}
	_, err = cx.Respond(ctx, m)
	return err
}

// searchPage runs the case search typed as query in guildID and renders
// the page (page 0: the page the query names, else the first).
func (s *service) searchPage(ctx context.Context, guildID, query string, page int) (*discordgo.MessageEmbed, caseSearch, bool, error) {
	words, err := command.Split(query)
	if err != nil {
		return nil, caseSearch{}, false, err
	}
	search, err := parseCaseSearch(words)
	if err != nil {
		return nil, caseSearch{}, false, err
	}
	q, err := s.resolveCaseSearch(ctx, guildID, search)
	if err != nil {
		return nil, caseSearch{}, false, err
	}
	if page > 0 {
		search.page = page
	}
	e, hasNext, err := s.casesPage(ctx, q, search.page)
	return e, search, hasNext, err
}

// joinWords joins the words again, quoting those with spaces, with a
// trailing space when there are any.
func joinWords(words []string) string {
	var b strings.Builder
	for _, w := range words {
		if strings.ContainsAny(w, " \t\n") {
			w = strconv.Quote(w)
		}
		b.WriteString(w + " ")
	}
	return strings.ReplaceAll(b.String(), "`", "'")
}

// pageWord is "page:N".
func pageWord(n int) string { return "page:" + strconv.Itoa(n) }

// resolveCaseSearch turns the search into a store query: the member by
// mention or ID, by member name, else by the name past cases showed.
func (s *service) resolveCaseSearch(ctx context.Context, guildID string, search caseSearch) (caseQuery, error) {
	q := caseQuery{CaseQuery: modstore.CaseQuery{GuildID: guildID, Actions: search.actions}}
	if search.since > 0 {
		q.Since = s.now().Add(-search.since)
	}
	if search.who == "" {
		return q, nil
	}
	if id, ok := userMentionID(search.who); ok {
		q.TargetID, q.who = id, mention(id)
		if u, err := s.discord.User(ctx, id); err == nil {
			q.who = bounded(u.Username, nameLimit)
		}
		return q, nil
	}
	id, err := s.memberNamed(ctx, guildID, search.who)
	if err != nil {
		return q, err
	}
	q.who = bounded(search.who, nameLimit)
	if id != "" {
		q.TargetID = id
	} else {
		q.TargetName = search.who
	}
	return q, nil
}

// memberNamed is the ID of the one member whose username, global name or
// nickname is exactly name, or "" when there is none.
func (s *service) memberNamed(ctx context.Context, guildID, name string) (string, error) {
	found, err := s.discord.SearchMembers(ctx, guildID, name, 10)
	if err != nil {
		return "", fmt.Errorf("search members: %w", err)
	}
	match := namedExactly(found, name)
	if len(match) > 1 {
		return "", command.Errorf("%d members are called %s; use a mention or an ID.", len(match), name)
	}
	if len(match) == 1 {
		return match[0], nil
	}
	return "", nil
}

// casesPage renders page (from 1; past the end: the last page) of the
// cases q selects, and reports whether a next page exists. The prefix
// transport's `cases` calls it; so will the slash transport's page
// buttons.
func (s *service) casesPage(ctx context.Context, q caseQuery, page int) (*discordgo.MessageEmbed, bool, error) {
	page = max(page, 1)
	list, total, err := s.store.SearchCases(ctx, q.CaseQuery, page, casesPerPage)
	if err != nil {
		return nil, false, err
	}
	pages := max(1, int((total+casesPerPage-1)/casesPerPage))
	if page > pages {
		page = pages
		if list, total, err = s.store.SearchCases(ctx, q.CaseQuery, page, casesPerPage); err != nil {
			return nil, false, err
		}
	}
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	entries, err := s.store.CaseEntries(ctx, ids)
	if err != nil {
		return nil, false, err
	}
	return caseListEmbed(q, list, entries, page, pages, total), page < pages, nil
}

// caseListEmbed renders one page of cases.
func caseListEmbed(q caseQuery, list []modstore.Case, entries map[int64]modstore.CaseEntry, page, pages int, total int64) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: "Cases", Color: casesColor, Description: q.describe()}
	if q.who != "" {
		e.Title = "Cases of " + q.who
	}
	if total == 0 {
		e.Description = strings.TrimSpace(e.Description + "\nNo cases match.")
	}
	for _, c := range list {
		v := viewOf(c, entries[c.ID])
		value := ""
		if c.TargetID != "" {
			value = userLabel(v.Target, c.TargetID) + " · "
		}
		value += "by " + moderatorName(v) + " · <t:" + strconv.FormatInt(c.CreatedAt.Unix(), 10) + ":d>\n" +
			reasonText(command.Truncate(c.Reason, searchReasonLimit))
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name: fmt.Sprintf("#%d · %s", c.Number, describeAction(c.Action).label), Value: value})
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d of %d · %s", page, pages, plural(int(total), "case"))}
	return command.FitEmbed(e)
}

// moderatorName is the moderator's name as the entry showed it, or a
// mention.
func moderatorName(v caseView) string {
	if v.Moderator != nil {
		return bounded(v.Moderator.Username, nameLimit)
	}
	return mention(v.ModeratorID)
}

// describe states the filters of q other than the member.
func (q caseQuery) describe() string {
	var parts []string
	if len(q.Actions) > 0 {
		names := make([]string, len(q.Actions))
		for i, a := range q.Actions {
			names[i] = describeAction(a).label
		}
		parts = append(parts, "Actions: "+strings.Join(names, ", "))
	}
	if !q.Since.IsZero() {
		parts = append(parts, "since <t:"+strconv.FormatInt(q.Since.Unix(), 10)+":f>")
	}
	return strings.Join(parts, " · ")
}

// namedExactly are the IDs of the members whose username, global name or
// nickname is name (case-insensitive).
func namedExactly(found []*discordgo.Member, name string) []string {
	var match []string
	for _, m := range found {
		if m.User != nil && (strings.EqualFold(m.User.Username, name) || strings.EqualFold(m.User.GlobalName, name) || strings.EqualFold(m.Nick, name)) {
			match = append(match, m.User.ID)
		}
	}
	return match
}
