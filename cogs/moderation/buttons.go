package moderation

import (
	"context"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/internal/bot"
	"cogd/internal/command"
)

// Component names of the moderation cog's buttons.
const (
	componentConfirm = "modconfirm" // arg: the preview's code
	componentCancel  = "modcancel"  // arg: the preview's code
	componentCases   = "modcases"   // arg: page, a space, the search words
)

// onInteraction reports whether cx came through an interaction (where
// buttons replace typed confirmations).
func onInteraction(cx *command.Context) bool { return cx.MessageID() == "" }

// previewButtons are a preview's Confirm and Cancel buttons on the slash
// transport (none on the prefix transport, which types `confirm <code>`).
func previewButtons(cx *command.Context, code string) []discordgo.MessageComponent {
	if !onInteraction(cx) {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Confirm", Style: discordgo.DangerButton, CustomID: bot.ComponentID(componentConfirm, code)},
		discordgo.Button{Label: "Cancel", Style: discordgo.SecondaryButton, CustomID: bot.ComponentID(componentCancel, code)},
	}}}
}

// casesButtons are the Previous and Next buttons of a case search page on
// the slash transport; none when the search does not fit a custom_id.
func casesButtons(cx *command.Context, words []string, page int, hasNext bool) []discordgo.MessageComponent {
	query := strings.TrimSpace(joinWords(words))
	if !onInteraction(cx) || len(query) > 80 || (page <= 1 && !hasNext) {
		return nil
	}
	arg := func(p int) string { return strconv.Itoa(p) + " " + query }
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Previous", Style: discordgo.SecondaryButton, Disabled: page <= 1,
			CustomID: bot.ComponentID(componentCases, arg(max(page-1, 1)))},
		discordgo.Button{Label: "Next", Style: discordgo.SecondaryButton, Disabled: !hasNext,
			CustomID: bot.ComponentID(componentCases, arg(page+1))},
	}}}
}

// registerButtons registers the handlers of the cog's buttons.
func (c *Cog) registerButtons(r *bot.Registrar) {
	r.Component(componentConfirm, c.click(func(ctx context.Context, s *service, cx *command.Context, arg string) error {
		answer, err := confirm(ctx, s, cx.Author().ID, cx.GuildID(), arg)
		if err != nil {
			return err
		}
		return updateClicked(ctx, cx, answer, nil)
	}))
	r.Component(componentCancel, c.click(func(ctx context.Context, s *service, cx *command.Context, arg string) error {
		if _, err := s.bulk.confirms.take(cx.GuildID(), cx.Author().ID, arg); err != nil {
			return err
		}
		return updateClicked(ctx, cx, "Cancelled: nothing was done.", nil)
	}))
	r.Component(componentCases, c.click(casesClick))
}

// click adapts a button handler to a bot.ComponentFunc that finds the
// loaded service and refuses clicks outside servers.
func (c *Cog) click(h func(ctx context.Context, s *service, cx *command.Context, arg string) error) bot.ComponentFunc {
	return func(ctx context.Context, cx *command.Context, cl bot.Click) error {
		s := c.svc.Load()
		switch {
		case s == nil:
			return errNotLoaded
		case cx.GuildID() == "":
			return command.GuildOnlyError()
		}
		return h(ctx, s, cx, cl.Arg)
	}
}

// updateClicked replaces the clicked message's content and buttons (an
// empty list removes them); the embeds stay unless embeds is given.
func updateClicked(ctx context.Context, cx *command.Context, content string, embeds []*discordgo.MessageEmbed) error {
	m := &discordgo.MessageSend{Content: content, Components: []discordgo.MessageComponent{}, Embeds: embeds}
	_, err := cx.Respond(ctx, m)
	return err
}

// casesClick shows another page of a case search (the words are parsed
// again, so "since" counts from the click). Only moderators may page.
func casesClick(ctx context.Context, s *service, cx *command.Context, arg string) error {
	pageText, query, _ := strings.Cut(arg, " ")
	page, err := strconv.Atoi(pageText)
	if err != nil {
		return &command.UserError{Msg: "This button is broken; run the search again."}
	}
	if err := command.HasPermissions(permModerate)(ctx, cx); err != nil {
		return err
	}
	e, search, hasNext, err := s.searchPage(ctx, cx.GuildID(), query, page)
	if err != nil {
		return err
	}
	m := &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{e}, Components: casesButtons(cx, search.words, page, hasNext)}
	if m.Components == nil {
		m.Components = []discordgo.MessageComponent{}
	}
	_, err = cx.Respond(ctx, m)
	return err
}
