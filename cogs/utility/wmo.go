package utility

import (
	"fmt"
	"math"
)

// weatherCondition words a WMO weather interpretation code as Open-Meteo
// uses them (a subset of WMO code table 4677).
func weatherCondition(code int) string {
	switch code {
	case 0:
		return "Clear sky"
	case 1:
		return "Mainly clear"
	case 2:
		return "Partly cloudy"
	case 3:
		return "Overcast"
	case 45:
		return "Fog"
	case 48:
		return "Depositing rime fog"
	}
	if s, ok := precipitation(code); ok {
		return s
	}
	return fmt.Sprintf("Unknown conditions (code %d)", code)
}

// precipitation words the codes for drizzle, rain, snow, showers and
// thunderstorms.
func precipitation(code int) (string, bool) {
	words := map[int]string{
		51: "Light drizzle", 53: "Moderate drizzle", 55: "Dense drizzle",
		56: "Light freezing drizzle", 57: "Dense freezing drizzle",
		61: "Slight rain", 63: "Moderate rain", 65: "Heavy rain",
		66: "Light freezing rain", 67: "Heavy freezing rain",
		71: "Slight snowfall", 73: "Moderate snowfall", 75: "Heavy snowfall",
		77: "Snow grains",
		80: "Slight rain showers", 81: "Moderate rain showers", 82: "Violent rain showers",
		85: "Slight snow showers", 86: "Heavy snow showers",
		95: "Thunderstorm", 96: "Thunderstorm with slight hail", 99: "Thunderstorm with heavy hail",
	}
	s, ok := words[code]
	return s, ok
}

// compass names the 16-point compass direction of a bearing in degrees.
func compass(degrees float64) string {
	points := [16]string{"N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"}
	idx := int(math.Round(math.Mod(degrees, 360)/22.5)) % 16
	if idx < 0 {
		idx += 16
	}
	return points[idx]
}
