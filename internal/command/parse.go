package command

import (
	"context"
	"strings"
)

// Parse splits c.RawArgs and converts it into c's values, following
// c.Command.Params in order:
//
//   - a required parameter with no text left is a MissingArgument error;
//   - an optional parameter whose argument is not of its kind (not a number
//     for Int, …) takes its default and leaves the argument to the next
//     parameter, discord.py style; an argument of the right kind but a wrong
//     value (out of range, ambiguous) is an error;
//   - a Rest parameter takes the rest of the line as typed;
//   - a Greedy parameter takes arguments while they convert;
//   - text left over is a TooManyArguments error, or the conversion error of
//     the optional parameter that skipped it.
//
// Errors are typed (*UsageError, *ConversionError); errors from Discord or
// a custom converter's internal failure are returned wrapped.
func Parse(ctx context.Context, c *Context) error {
	sc := scanner{text: c.RawArgs}
	c.args = c.args[:0]
	var skipped bound
	for _, p := range c.Command.Params {
		v, given, err := bindParam(ctx, c, p, &sc)
		if err != nil {
			return err
		}
		if v.skipErr != nil && skipped.skipErr == nil {
			skipped = v
		}
		c.args = append(c.args, boundArg{name: p.Info().Name, value: v.value, given: given})
	}
	return leftover(&sc, skipped)
}

// bound is a parameter's value and, when an optional parameter skipped an
// argument, why and where that argument starts.
type bound struct {
	value   any
	skipErr error
	skipAt  int
}

func bindParam(ctx context.Context, c *Context, p Param, sc *scanner) (bound, bool, error) {
	info := p.Info()
	save := *sc
	v, err := p.bind(ctx, c, sc)
	if err == nil {
		return bound{value: v}, true, nil
	}
	if !info.Optional {
		return bound{}, false, err
	}
	if isMissing(err) {
		*sc = save
		return bound{value: p.fallback()}, false, nil
	}
	if skippable(err) && !info.Rest {
		*sc = save
		at := skipSpace(save.text, save.pos)
		return bound{value: p.fallback(), skipErr: err, skipAt: at}, false, nil
	}
	return bound{}, false, err
}

func isMissing(err error) bool {
	ue, ok := err.(*UsageError)
	return ok && ue.Problem == MissingArgument
}

// leftover reports text no parameter took: the conversion error of the
// optional parameter that skipped exactly this text, or TooManyArguments.
func leftover(sc *scanner, skipped bound) error {
	at := skipSpace(sc.text, sc.pos)
	rest := sc.remaining()
	if rest == "" {
		return nil
	}
	if _, ok, err := sc.next(); err != nil {
		return err
	} else if !ok {
		return nil
	}
	if skipped.skipErr != nil && skipped.skipAt == at {
		return skipped.skipErr
	}
	return &UsageError{Problem: TooManyArguments, Detail: strings.TrimSpace(rest)}
}
