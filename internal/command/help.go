package command

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// helpColor is the accent colour of help embeds.
const helpColor = 0x5865F2

// pageBudget is the characters of fields one index page may hold, leaving
// room under the 6000 total for the title, description and footer.
const pageBudget = EmbedTotalLimit - 600

// MessageEmbedLimit is the most embeds Discord accepts in one message.
const MessageEmbedLimit = 10

// ownerMark follows owner-only commands in listings shown to owners.
const ownerMark = " (owner only)"

// HelpIndex renders the list of commands by cog, one embed per page
// (paged at 25 fields or ~5400 characters, footer "Page i/n"). Hidden
// commands and those view does not allow (nil = all allowed) are left out,
// as are cogs left empty; owner-only commands are marked "(owner only)".
func HelpIndex(t *Table, prefix string, view Viewer) []*discordgo.MessageEmbed {
	var fields []*discordgo.MessageEmbedField
	for _, g := range t.Groups() {
		fields = append(fields, groupFields(g, prefix, view)...)
	}
	desc := fmt.Sprintf("Type %s for more on a command or cog.", codeSpan(prefix+"help <command|cog>"))
	if len(fields) == 0 {
		desc = "There are no commands you can use here."
	}
	return pagedEmbeds("Commands", desc, fields)
}

// pagedEmbeds puts fields on as many embeds as Discord's limits need, each
// with title and description, numbered "Page i/n" when there are several.
func pagedEmbeds(title, desc string, fields []*discordgo.MessageEmbedField) []*discordgo.MessageEmbed {
	pages := paginate(fields)
	embeds := make([]*discordgo.MessageEmbed, len(pages))
	for i, page := range pages {
		embeds[i] = &discordgo.MessageEmbed{Title: title, Description: desc, Color: helpColor, Fields: page}
		if len(pages) > 1 {
			embeds[i].Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d/%d", i+1, len(pages))}
		}
		FitEmbed(embeds[i])
	}
	return embeds
}

// visibleLines renders the commands of cmds view allows, one entry each
// by line, with owner-only ones marked.
func visibleLines(cmds []*Command, view Viewer, line func(*Command) string) []string {
	var lines []string
	for _, cmd := range cmds {
		if cmd.Hidden {
			continue
		}
		if a := view.access(cmd); a.Allowed {
			lines = append(lines, markOwner(line(cmd), a.OwnerOnly))
		}
	}
	return lines
}

// markOwner appends ownerMark to the first line of entry when owner is set.
func markOwner(entry string, owner bool) string {
	if !owner {
		return entry
	}
	first, rest, found := strings.Cut(entry, "\n")
	first += ownerMark
	if found {
		return first + "\n" + rest
	}
	return first
}

// MessagePages groups embeds into messages within Discord's limits per
// message: at most 10 embeds and EmbedTotalLimit characters across them
// (an embed alone over the total, which FitEmbed prevents, gets its own
// message).
func MessagePages(embeds []*discordgo.MessageEmbed) [][]*discordgo.MessageEmbed {
	var msgs [][]*discordgo.MessageEmbed
	size := 0
	for _, e := range embeds {
		n := EmbedLength(e)
		if last := len(msgs) - 1; last >= 0 && len(msgs[last]) < MessageEmbedLimit && size+n <= EmbedTotalLimit {
			msgs[last] = append(msgs[last], e)
			size += n
			continue
		}
		msgs = append(msgs, []*discordgo.MessageEmbed{e})
		size = n
	}
	return msgs
}

// groupFields renders one cog's visible commands as fields of at most 1024
// characters each; continuation fields are named "<cog> (continued)".
func groupFields(g Group, prefix string, view Viewer) []*discordgo.MessageEmbedField {
	lines := visibleLines(g.Commands, view, func(cmd *Command) string { return commandLine(cmd, prefix) })
	var fields []*discordgo.MessageEmbedField
	for i, chunk := range chunkLines(lines, EmbedFieldValueLimit) {
		name := g.Name
		if i > 0 {
			name += " (continued)"
		}
		fields = append(fields, &discordgo.MessageEmbedField{Name: name, Value: chunk})
	}
	return fields
}

// commandLine is "`!warn` — Warn a member." for index and group listings.
func commandLine(cmd *Command, prefix string) string {
	line := codeSpan(prefix + cmd.QualifiedName())
	if cmd.Description != "" {
		line += " — " + cmd.Description
	}
	return Truncate(line, 200-len(ownerMark))
}

// chunkLines joins lines with newlines into chunks of at most limit characters.
func chunkLines(lines []string, limit int) []string {
	var chunks []string
	var cur strings.Builder
	n := 0
	for _, line := range lines {
		size := utf8.RuneCountInString(line)
		if n > 0 && n+1+size > limit {
			chunks = append(chunks, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte('\n')
			n++
		}
		cur.WriteString(line)
		n += size
	}
	if n > 0 {
		chunks = append(chunks, cur.String())
	}
	return chunks
}

// paginate groups fields into pages of at most 25 fields and pageBudget
// characters; there is always at least one page.
func paginate(fields []*discordgo.MessageEmbedField) [][]*discordgo.MessageEmbedField {
	pages := [][]*discordgo.MessageEmbedField{nil}
	size := 0
	for _, f := range fields {
		n := utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
		last := len(pages) - 1
		if len(pages[last]) > 0 && (len(pages[last]) == EmbedFieldLimit || size+n > pageBudget) {
			pages = append(pages, nil)
			last++
			size = 0
		}
		pages[last] = append(pages[last], f)
		size += n
	}
	return pages
}

// HelpGroup renders one cog: its description and the commands view
// allows (nil = all) with their usage, owner-only ones marked, on as many
// pages as Discord's limits need. When the caller may use none, it says
// "You can't use any command of <cog> here."
func HelpGroup(g Group, prefix string, view Viewer) []*discordgo.MessageEmbed {
	lines := visibleLines(g.Commands, view, func(cmd *Command) string {
		line := codeSpan(cmd.Usage(prefix))
		if cmd.Description != "" {
			line += "\n" + cmd.Description
		}
		return Truncate(line, 300-len(ownerMark))
	})
	var fields []*discordgo.MessageEmbedField
	for i, chunk := range chunkLines(lines, EmbedFieldValueLimit) {
		name := "Commands"
		if i > 0 {
			name = "Commands (continued)"
		}
		fields = append(fields, &discordgo.MessageEmbedField{Name: name, Value: chunk})
	}
	if len(fields) == 0 {
		fields = append(fields, &discordgo.MessageEmbedField{Name: "Commands",
			Value: "You can't use any command of " + Escape(g.Name) + " here."})
	}
	return pagedEmbeds(g.Name, g.Description, fields)
}

// HelpCommand renders one command: description, usage, arguments with
// defaults and limits, aliases, subcommands, examples, required
// permissions in words, cooldown and where it can be used. When view does
// not allow the command it says so first, with the reason ("Needs: Ban
// Members", "Owner only"); subcommands are filtered and marked like
// HelpGroup's.
func HelpCommand(cmd *Command, prefix string, view Viewer) *discordgo.MessageEmbed {
	access := view.access(cmd)
	desc := refusal(access) + cmd.Description
	if desc != "" {
		desc += "\n\n"
	}
	desc += "**Usage:** " + codeSpan(cmd.Usage(prefix))
	e := &discordgo.MessageEmbed{Title: prefix + cmd.QualifiedName(), Description: desc, Color: helpColor}
	addField(e, "Arguments", paramLines(cmd.Params), false)
	addField(e, "Aliases", codeList(cmd.Aliases), false)
	addField(e, "Subcommands", subcommandLines(cmd, prefix, view), false)
	addField(e, "Examples", exampleLines(cmd.Examples, prefix), false)
	addField(e, "You need", strings.Join(PermissionNames(cmd.Permissions), ", "), true)
	addField(e, "The bot needs", strings.Join(PermissionNames(cmd.BotPermissions), ", "), true)
	addField(e, "Cooldown", describeCooldown(cmd.Cooldown), true)
	if cmd.GuildOnly {
		addField(e, "Where", "Servers only", true)
	}
	if access.OwnerOnly {
		addField(e, "Who", "Bot owners only", true)
	}
	return FitEmbed(e)
}

// refusal opens the help of a command the caller cannot run:
// "**You can't use this command here.** Needs: Ban Members.\n\n".
func refusal(a Access) string {
	if a.Allowed {
		return ""
	}
	reason := a.Reason
	if reason != "" && !strings.HasSuffix(reason, ".") {
		reason += "."
	}
	return strings.TrimSpace("**You can't use this command here.** "+reason) + "\n\n"
}

func addField(e *discordgo.MessageEmbed, name, value string, inline bool) {
	if value != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: inline})
	}
}

// paramLines is one line per parameter: "`points` — how many (whole
// number, 1 to 10, default 1)".
func paramLines(params []Param) string {
	lines := make([]string, 0, len(params))
	for _, p := range params {
		in := p.Info()
		name := in.Name
		if in.Rest || in.Greedy {
			name += "…"
		}
		line := codeSpan(name)
		if in.Description != "" {
			line += " — " + in.Description
		}
		lines = append(lines, line+" ("+strings.Join(paramNotes(in), ", ")+")")
	}
	return joinFit(lines)
}

func paramNotes(in ParamInfo) []string {
	notes := []string{in.Kind}
	if in.Limits != "" {
		notes = append(notes, in.Limits)
	}
	switch {
	case in.Greedy:
		notes = append(notes, "one or more")
	case in.Rest:
		notes = append(notes, "rest of the line")
	}
	if in.Optional && in.Default != "" {
		notes = append(notes, "default "+in.Default)
	} else if in.Optional {
		notes = append(notes, "optional")
	}
	return notes
}

func codeList(names []string) string {
	spans := make([]string, len(names))
	for i, n := range names {
		spans[i] = codeSpan(n)
	}
	return strings.Join(spans, ", ")
}

func subcommandLines(cmd *Command, prefix string, view Viewer) string {
	return joinFit(visibleLines(cmd.Subcommands, view, func(sub *Command) string { return commandLine(sub, prefix) }))
}

func exampleLines(examples []string, prefix string) string {
	lines := make([]string, len(examples))
	for i, ex := range examples {
		lines[i] = codeSpan(prefix + ex)
	}
	return joinFit(lines)
}

// joinFit joins lines with newlines, keeping whole lines within one field.
func joinFit(lines []string) string {
	chunks := chunkLines(lines, EmbedFieldValueLimit)
	if len(chunks) == 0 {
		return ""
	}
	return chunks[0]
}

// describeCooldown is "2 uses per 10s per member; 1 at a time".
func describeCooldown(cd *Cooldown) string {
	if cd == nil {
		return ""
	}
	var parts []string
	if cd.Rate > 0 {
		uses := "uses"
		if cd.Rate == 1 {
			uses = "use"
		}
		parts = append(parts, fmt.Sprintf("%d %s per %s per %s", cd.Rate, uses, FormatDuration(cd.Per), cd.Bucket))
	}
	if cd.MaxConcurrency > 0 {
		parts = append(parts, fmt.Sprintf("%d at a time per %s", cd.MaxConcurrency, cd.Bucket))
	}
	return strings.Join(parts, "; ")
}

// codeSpan wraps s in an inline code span that survives backticks in s.
func codeSpan(s string) string {
	if !strings.Contains(s, "`") {
		return "`" + s + "`"
	}
	return "`` " + strings.ReplaceAll(s, "``", "`\u200b`") + " ``"
}
