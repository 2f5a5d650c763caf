package command

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// describe fills Param and Input into a converter's *ConversionError, or
// wraps an internal error with the parameter's name.
func describe(err error, param, input string) error {
	var ce *ConversionError
	if errors.As(err, &ce) {
		out := *ce
		if out.Param == "" {
			out.Param = param
		}
		if out.Input == "" {
			out.Input = input
		}
		return &out
	}
	var ue *UserError
	if errors.As(err, &ue) {
		return err
	}
	return fmt.Errorf("convert %s: %w", param, err)
}

// skippable reports whether an optional parameter may give its argument to
// the next parameter: the argument was not of its kind at all.
func skippable(err error) bool {
	var ce *ConversionError
	return errors.As(err, &ce) && !ce.final
}

// finalError returns a ConversionError for input of the right form but a
// wrong value, which an optional parameter does not skip.
func finalError(format string, args ...any) *ConversionError {
	return &ConversionError{Reason: fmt.Sprintf(format, args...), final: true}
}

func convertString(_ context.Context, _ *Context, arg string) (string, error) {
	return arg, nil
}

func convertInt(_ context.Context, _ *Context, arg string) (int, error) {
	v, err := strconv.ParseInt(arg, 10, 0)
	if err == nil {
		return int(v), nil
	}
	if errors.Is(err, strconv.ErrRange) {
		return 0, finalError("is too large")
	}
	return 0, BadArgument("is not a whole number")
}

func convertFloat(_ context.Context, _ *Context, arg string) (float64, error) {
	v, err := strconv.ParseFloat(strings.ReplaceAll(arg, "_", "x"), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, BadArgument("is not a number")
	}
	return v, nil
}

func convertBool(_ context.Context, _ *Context, arg string) (bool, error) {
	switch strings.ToLower(arg) {
	case "yes", "y", "on", "true", "t", "1", "enable", "enabled":
		return true, nil
	case "no", "n", "off", "false", "f", "0", "disable", "disabled":
		return false, nil
	}
	return false, BadArgument("is not yes or no")
}

func convertDuration(_ context.Context, _ *Context, arg string) (time.Duration, error) {
	d, err := scanDuration(arg)
	if err != nil {
		return 0, &ConversionError{Reason: err.Reason, final: err.Final}
	}
	return d, nil
}

// FormatDuration renders d in the units ParseDuration reads, largest first:
// "1w2d", "1h30m", "90s" is rendered "1m30s". Sub-second parts are dropped.
func FormatDuration(d time.Duration) string {
	if d < time.Second {
		return "0s"
	}
	var b strings.Builder
	for _, u := range []struct {
		unit   time.Duration
		letter byte
	}{{7 * 24 * time.Hour, 'w'}, {24 * time.Hour, 'd'}, {time.Hour, 'h'}, {time.Minute, 'm'}, {time.Second, 's'}} {
		if n := d / u.unit; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10))
			b.WriteByte(u.letter)
			d -= n * u.unit
		}
	}
	return b.String()
}
