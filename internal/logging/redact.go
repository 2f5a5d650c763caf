package logging

import (
	"context"
	"log/slog"
	"slices"
	"strings"
)

// Redacted replaces every secret in log output.
const Redacted = "[REDACTED]"

// RedactHandler is a slog.Handler that removes secrets from records before
// passing them to another handler. It is safe for concurrent use.
type RedactHandler struct {
	inner slog.Handler
	r     *redactor
}

// Interface guard.
var _ slog.Handler = (*RedactHandler)(nil)

// NewRedactHandler returns a handler that passes records to h after
// replacing with Redacted:
//   - every occurrence of each non-empty secret and, for a secret starting
//     with "Bot ", of the bare token after it;
//   - anything shaped like a Discord bot token;
//   - the value of an Authorization header written as text ("Authorization:
//     Bot …", http.Header's map form, JSON) and of any attribute whose key
//     is "authorization", in any case.
//
// It looks in the message, attribute keys and string values, groups,
// values from slog.LogValuer, and the texts of errors, fmt.Stringers and
// other values as the text and JSON handlers would print them; a value
// that needs redacting is logged as its redacted text.
func NewRedactHandler(h slog.Handler, secrets ...string) *RedactHandler {
	return &RedactHandler{inner: h, r: newRedactor(secrets)}
}

// Enabled reports whether the wrapped handler handles level.
func (h *RedactHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

// Handle redacts rec and passes it on. A record with nothing to redact is
// passed on as it is, without copying.
func (h *RedactHandler) Handle(ctx context.Context, rec slog.Record) error {
	if !h.dirty(rec) {
		return h.inner.Handle(ctx, rec)
	}
	return h.inner.Handle(ctx, h.redactRecord(rec))
}

// WithAttrs returns a RedactHandler around the wrapped handler with the
// redacted attrs added.
func (h *RedactHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean, _ := h.r.attrs(attrs)
	return &RedactHandler{inner: h.inner.WithAttrs(clean), r: h.r}
}

// WithGroup returns a RedactHandler around the wrapped handler with the
// (redacted) group name opened.
func (h *RedactHandler) WithGroup(name string) slog.Handler {
	clean, _ := h.r.string(name)
	return &RedactHandler{inner: h.inner.WithGroup(clean), r: h.r}
}

// dirty reports whether anything in rec needs redacting.
func (h *RedactHandler) dirty(rec slog.Record) bool {
	if _, changed := h.r.string(rec.Message); changed {
		return true
	}
	dirty := false
	rec.Attrs(func(a slog.Attr) bool {
		_, dirty = h.r.attr(a)
		return !dirty
	})
	return dirty
}

// redactRecord returns a copy of rec with message and attrs redacted.
func (h *RedactHandler) redactRecord(rec slog.Record) slog.Record {
	msg, _ := h.r.string(rec.Message)
	out := slog.NewRecord(rec.Time, rec.Level, msg, rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		clean, _ := h.r.attr(a)
		out.AddAttrs(clean)
		return true
	})
	return out
}

// attrs redacts as, copying the slice only when something changes.
func (r *redactor) attrs(as []slog.Attr) ([]slog.Attr, bool) {
	var out []slog.Attr
	for i, a := range as {
		clean, changed := r.attr(a)
		if changed && out == nil {
			out = slices.Clone(as)
		}
		if changed {
			out[i] = clean
		}
	}
	if out == nil {
		return as, false
	}
	return out, true
}

// attr redacts a's key and value; an authorization attr loses its value.
func (r *redactor) attr(a slog.Attr) (slog.Attr, bool) {
	if strings.EqualFold(a.Key, "authorization") && a.Value.Kind() != slog.KindGroup {
		return slog.String(a.Key, Redacted), true
	}
	key, keyChanged := r.string(a.Key)
	val, valChanged := r.value(a.Value)
	return slog.Attr{Key: key, Value: val}, keyChanged || valChanged
}

// value redacts v. A LogValuer is always resolved, so that the value logged
// is the one that was checked.
func (r *redactor) value(v slog.Value) (slog.Value, bool) {
	switch v.Kind() {
	case slog.KindString:
		if s, changed := r.string(v.String()); changed {
			return slog.StringValue(s), true
		}
	case slog.KindGroup:
		if as, changed := r.attrs(v.Group()); changed {
			return slog.GroupValue(as...), true
		}
	case slog.KindLogValuer:
		clean, _ := r.value(v.Resolve())
		return clean, true
	case slog.KindAny:
		return r.anyValue(v)
	}
	return v, false
}
