package openmeteo

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"time"

	"cogd/cogs/utility/internal/httpjson"
)

// CurrentVariables are the variables Current asks for.
const CurrentVariables = "temperature_2m,apparent_temperature,weather_code,wind_speed_10m,wind_direction_10m"

// Conditions are the current weather at a place. Optional values are nil
// when the answer did not include them.
type Conditions struct {
	// Time is the observation time in the place's local zone; zero when
	// the answer gave none.
	Time time.Time
	// Temperature is the air temperature at 2 m, in °C.
	Temperature float64
	// Apparent is the felt temperature, in °C.
	Apparent *float64
	// WeatherCode is the WMO weather interpretation code.
	WeatherCode *int
	// WindSpeed is the wind speed at 10 m, in km/h.
	WindSpeed *float64
	// WindDirection is where the wind comes from, in degrees (0 = north).
	WindDirection *float64
}

// currentJSON is the "current" block as sent. Every value is a pointer so
// missing values are told apart from zero; weather_code is a float because
// some answers send 3.0.
type currentJSON struct {
	Time          string   `json:"time"`
	Temperature   *float64 `json:"temperature_2m"`
	Apparent      *float64 `json:"apparent_temperature"`
	WeatherCode   *float64 `json:"weather_code"`
	WindSpeed     *float64 `json:"wind_speed_10m"`
	WindDirection *float64 `json:"wind_direction_10m"`
}

// forecastAnswer is the forecast answer, reduced to what Current reads.
type forecastAnswer struct {
	UTCOffsetSeconds int          `json:"utc_offset_seconds"`
	Abbreviation     string       `json:"timezone_abbreviation"`
	Current          *currentJSON `json:"current"`
	Error            bool         `json:"error"`
	Reason           string       `json:"reason"`
}

// Current returns the current conditions at the given coordinates, with
// times in the place's own zone (timezone=auto).
func (c *Client) Current(ctx context.Context, latitude, longitude float64) (Conditions, error) {
	q := url.Values{
		"latitude":  {strconv.FormatFloat(latitude, 'f', -1, 64)},
		"longitude": {strconv.FormatFloat(longitude, 'f', -1, 64)},
		"current":   {CurrentVariables},
		"timezone":  {"auto"},
	}
	var ans forecastAnswer
	if err := httpjson.Get(ctx, c.HTTP, c.WeatherURL+"/forecast?"+q.Encode(), &ans); err != nil {
		return Conditions{}, fmt.Errorf("forecast: %w", err)
	}
	cond, err := ans.conditions()
	if err != nil {
		return Conditions{}, fmt.Errorf("forecast: %w", err)
	}
	return cond, nil
}

// conditions checks the answer and converts it.
func (a forecastAnswer) conditions() (Conditions, error) {
	switch {
	case a.Error:
		return Conditions{}, fmt.Errorf("%w: error answer: %s", httpjson.ErrMalformed, a.Reason)
	case a.Current == nil:
		return Conditions{}, fmt.Errorf("%w: no \"current\" block", httpjson.ErrMalformed)
	case a.Current.Temperature == nil:
		return Conditions{}, fmt.Errorf("%w: no temperature_2m", httpjson.ErrMalformed)
	}
	cur := a.Current
	cond := Conditions{
		Temperature: *cur.Temperature, Apparent: cur.Apparent,
		WindSpeed: nonNegative(cur.WindSpeed), WindDirection: direction(cur.WindDirection),
		WeatherCode: code(cur.WeatherCode),
	}
	if cur.Time != "" {
		t, err := ParseTime(cur.Time, a.UTCOffsetSeconds, a.Abbreviation)
		if err != nil {
			return Conditions{}, err
		}
		cond.Time = t
	}
	return cond, nil
}

// code keeps a WMO code that is a whole number from 0 to 99.
func code(v *float64) *int {
	if v == nil || *v < 0 || *v > 99 || *v != math.Trunc(*v) {
		return nil
	}
	n := int(*v)
	return &n
}

// nonNegative drops negative values, which no speed can have.
func nonNegative(v *float64) *float64 {
	if v == nil || *v < 0 {
		return nil
	}
	return v
}

// direction keeps a bearing in [0, 360].
func direction(v *float64) *float64 {
	if v == nil || *v < 0 || *v > 360 {
		return nil
	}
	return v
}
