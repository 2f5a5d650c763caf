package demo

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Names resolves the IDs inside Discord's mention markup to names; an
// empty answer leaves the markup as it is.
type Names interface {
	// User is the name of user id ("alice").
	User(id string) string
	// Role is the name of role id ("Moderator").
	Role(id string) string
	// Channel is the name of channel id ("general").
	Channel(id string) string
}

// markup matches <@id>, <@!id>, <@&id>, <#id> and <t:unix[:style]>.
var markup = regexp.MustCompile(`<(@!?|@&|#)(\d+)>|<t:(-?\d+)(?::([tTdDfFR]))?>`)

// Markup replaces mentions by @name, @Role and #channel (names from n; nil
// leaves them) and timestamps by readable local times, relative ones
// (style R) against now.
func Markup(text string, n Names, now time.Time) string {
	return markup.ReplaceAllStringFunc(text, func(m string) string {
		sub := markup.FindStringSubmatch(m)
		if sub[3] != "" {
			return timestamp(sub[3], sub[4], now, m)
		}
		if n == nil {
			return m
		}
		name, sigil := "", "@"
		switch sub[1] {
		case "@", "@!":
			name = n.User(sub[2])
		case "@&":
			name = n.Role(sub[2])
		case "#":
			name, sigil = n.Channel(sub[2]), "#"
		}
		if name == "" {
			return m
		}
		return sigil + name
	})
}

// timestamp renders <t:unix:style> the way Discord's client does, in
// now's location; raw is returned when unix does not parse.
func timestamp(unix, style string, now time.Time, raw string) string {
	sec, err := strconv.ParseInt(unix, 10, 64)
	if err != nil {
		return raw
	}
	t := time.Unix(sec, 0).In(now.Location())
	switch style {
	case "t":
		return t.Format("15:04")
	case "T":
		return t.Format("15:04:05")
	case "d":
		return t.Format("2006-01-02")
	case "D":
		return t.Format("2 January 2006")
	case "F":
		return t.Format("Monday, 2 January 2006 15:04")
	case "R":
		return relative(t.Sub(now))
	}
	return t.Format("2 January 2006 15:04") // f, the default
}

// relative is "in 2 hours" or "5 minutes ago", in the largest whole unit.
func relative(d time.Duration) string {
	future := d > 0
	if d < 0 {
		d = -d
	}
	units := []struct {
		size time.Duration
		name string
	}{
		{365 * 24 * time.Hour, "year"}, {30 * 24 * time.Hour, "month"}, {24 * time.Hour, "day"},
		{time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"},
	}
	n, name := int64(0), "second"
	for _, u := range units {
		if d >= u.size {
			n, name = int64(d/u.size), u.name
			break
		}
	}
	if n == 0 {
		return "now"
	}
	if n != 1 {
		name += "s"
	}
	if future {
		return fmt.Sprintf("in %d %s", n, name)
	}
	return fmt.Sprintf("%d %s ago", n, name)
}
