package utility

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"cogd/cogs/utility/openmeteo"
	"cogd/internal/command"
)

// weatherColour is the weather embed's side colour (sky blue).
const weatherColour = 0x4a90d9

// weatherEmbed renders the conditions at p. Upstream text is escaped and
// the result fits Discord's limits.
func weatherEmbed(p openmeteo.Place, now openmeteo.Conditions) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Title:       "Weather in " + command.Escape(p.Name),
		Description: command.Escape(region(p)),
		Color:       weatherColour,
		Fields:      weatherFields(now),
		Footer:      &discordgo.MessageEmbedFooter{Text: "Open-Meteo · " + coordinates(p.Latitude, p.Longitude)},
	}
	return command.FitEmbed(e)
}

// region is the admin area and country of p, skipping empty parts and
// parts that repeat the one before ("Singapore, Singapore").
func region(p openmeteo.Place) string {
	parts := []string{}
	last := p.Name
	for _, s := range []string{p.Admin1, p.Country} {
		if s != "" && s != last {
			parts = append(parts, s)
			last = s
		}
	}
	return strings.Join(parts, ", ")
}

// weatherFields lists what is known about the conditions, skipping what
// the answer left out.
func weatherFields(now openmeteo.Conditions) []*discordgo.MessageEmbedField {
	fields := []*discordgo.MessageEmbedField{inline("Temperature", temperature(now.Temperature))}
	if now.Apparent != nil {
		fields = append(fields, inline("Feels like", temperature(*now.Apparent)))
	}
	if now.WeatherCode != nil {
		fields = append(fields, inline("Conditions", weatherCondition(*now.WeatherCode)))
	}
	if now.WindSpeed != nil {
		fields = append(fields, inline("Wind", wind(*now.WindSpeed, now.WindDirection)))
	}
	if !now.Time.IsZero() {
		fields = append(fields, inline("Observed", now.Time.Format("Mon 2 Jan, 15:04")+" local time ("+now.Time.Format("MST")+")"))
	}
	return fields
}

// inline returns an inline embed field.
func inline(name, value string) *discordgo.MessageEmbedField {
	return &discordgo.MessageEmbedField{Name: name, Value: value, Inline: true}
}

// temperature renders °C with °F: "4.3 °C (39.7 °F)".
func temperature(celsius float64) string {
	return oneDecimal(celsius) + " °C (" + oneDecimal(celsius*9/5+32) + " °F)"
}

// wind renders a speed and, when known, where the wind comes from.
func wind(kmh float64, from *float64) string {
	if kmh == 0 {
		return "Calm"
	}
	s := oneDecimal(kmh) + " km/h"
	if from != nil {
		s += fmt.Sprintf(" from the %s (%.0f°)", compass(*from), *from)
	}
	return s
}

// oneDecimal formats v with one decimal, never as "-0.0".
func oneDecimal(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// coordinates renders "52.52°N, 13.41°E".
func coordinates(lat, lon float64) string {
	ns, ew := "N", "E"
	if lat < 0 {
		ns, lat = "S", -lat
	}
	if lon < 0 {
		ew, lon = "W", -lon
	}
	return fmt.Sprintf("%.2f°%s, %.2f°%s", lat, ns, lon, ew)
}
