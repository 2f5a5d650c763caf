package discordtest

import (
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// embedLimit is one of Discord's embed length limits.
type embedLimit struct {
	field string
	text  string
	max   int
}

// validateEmbeds checks Discord's embed limits: title 256, description 4096, 25 fields,
// field name 256 and value 1024, footer 2048, author name 256, 6000 characters in total.
func validateEmbeds(embeds []*discordgo.MessageEmbed) answer {
	total := 0
	for i, e := range embeds {
		if e == nil {
			continue
		}
		if len(e.Fields) > 25 {
			return formErr(fmt.Sprintf("embeds.%d.fields", i), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
		}
		for _, l := range embedLimits(i, e) {
			n := utf8.RuneCountInString(l.text)
			total += n
			if n > l.max {
				return formErr(l.field, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", l.max))
			}
		}
	}
	if total > 6000 {
		return apiErr(http.StatusBadRequest, 50035, "Embed size exceeds maximum size of 6000")
	}
	return nil
}

// embedLimits lists the limited texts of embed i.
func embedLimits(i int, e *discordgo.MessageEmbed) []embedLimit {
	p := fmt.Sprintf("embeds.%d.", i)
	ls := []embedLimit{{p + "title", e.Title, 256}, {p + "description", e.Description, 4096}}
	if e.Footer != nil {
		ls = append(ls, embedLimit{p + "footer.text", e.Footer.Text, 2048})
	}
	if e.Author != nil {
		ls = append(ls, embedLimit{p + "author.name", e.Author.Name, 256})
	}
	for j, f := range e.Fields {
		if f != nil {
			fp := fmt.Sprintf("%sfields.%d.", p, j)
			ls = append(ls, embedLimit{fp + "name", f.Name, 256}, embedLimit{fp + "value", f.Value, 1024})
		}
	}
	return ls
}
