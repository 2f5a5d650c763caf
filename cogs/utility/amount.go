package utility

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"

	"cogd/internal/command"
)

// maxAmount is the largest amount convert accepts.
const maxAmount = 1e15

// errNotAmount is returned by parseAmount for text that is not a number.
var errNotAmount = errors.New("not an amount")

// parseAmount reads a user-typed amount: digits with an optional decimal
// point, optionally grouped in thousands with commas ("1,000.50"). A
// leading sign is read so that "-5" can be told it must be positive;
// exponents, hex, "_", "Inf" and "NaN" are not numbers here.
func parseAmount(s string) (float64, error) {
	s = strings.TrimPrefix(s, "+")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasPoint := strings.Cut(s, ".")
	digits, ok := ungroup(intPart)
	if !ok || (hasPoint && !isDigits(frac)) || digits+frac == "" {
		return 0, errNotAmount
	}
	v, err := strconv.ParseFloat(digits+"."+frac+"0", 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, errNotAmount
	}
	if neg {
		v = -v
	}
	return v, nil
}

// ungroup removes thousands separators from the integer part: either no
// commas, or groups of exactly three digits after the first ("1,000").
func ungroup(s string) (string, bool) {
	groups := strings.Split(s, ",")
	if len(groups) == 1 {
		return s, isDigits(s)
	}
	if len(groups[0]) == 0 || len(groups[0]) > 3 || !isDigits(groups[0]) {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !isDigits(g) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// isDigits reports whether s is only ASCII digits (true for "").
func isDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// convertAmount is the amount parameter's converter: a finite number
// greater than 0 and at most maxAmount.
func convertAmount(_ context.Context, _ *command.Context, arg string) (float64, error) {
	v, err := parseAmount(arg)
	switch {
	case err != nil:
		return 0, command.BadArgument("is not an amount (write it like 100, 1000.50 or 1,000.50)")
	case v <= 0:
		return 0, command.BadArgument("is not more than 0")
	case v > maxAmount:
		return 0, command.BadArgument("is too large")
	}
	return v, nil
}

// formatAmount renders an amount as typed back: thousands grouped, whole
// numbers without decimals, others with at least two ("1,000.50").
func formatAmount(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	if frac != "" && len(frac) < 2 {
		frac += "0"
	}
	return joinDecimal(group(intPart), frac)
}

// formatMoney renders a converted amount: two decimals, or four
// significant digits below 1 so tiny values do not show as 0.00.
func formatMoney(v float64) string {
	decimals := 2
	if v > 0 && v < 1 {
		decimals = min(max(2, 3-int(math.Floor(math.Log10(v)))), 12)
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	for len(frac) > 2 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	return joinDecimal(group(intPart), frac)
}

// joinDecimal joins an integer part and a fraction with a point.
func joinDecimal(intPart, frac string) string {
	if frac == "" {
		return intPart
	}
	return intPart + "." + frac
}

// group inserts a comma between groups of three digits.
func group(digits string) string {
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// formatRate renders an exchange rate with the digits it came with.
func formatRate(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
