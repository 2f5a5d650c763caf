package command

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"hello world", `"a \"b\"" c`, "‘it’s mine’ ok", "「x」 y", `a\"b`, `"a\b"`, `""`, "\"unterminated", "x\u3000y"} {
		f.Add(s)
	}
	f.Fuzz(splitOracle)
}

// splitOracle checks Split and Tokenize on one input.
func splitOracle(t *testing.T, in string) {
	{
		toks, err := Tokenize(in)
		args, splitErr := Split(in)
		if (err == nil) != (splitErr == nil) {
			t.Fatalf("Tokenize err %v, Split err %v", err, splitErr)
		}
		if err != nil {
			checkUnclosed(t, in, err)
			return
		}
		if len(args) != len(toks) {
			t.Fatalf("Split gave %d args, Tokenize %d tokens", len(args), len(toks))
		}
		prev := 0
		for i, tok := range toks {
			if args[i] != tok.Text {
				t.Fatalf("arg %d: Split %q, Tokenize %q", i, args[i], tok.Text)
			}
			checkGap(t, in[prev:tok.Start])
			checkToken(t, in, tok)
			prev = tok.End
		}
		checkGap(t, in[prev:])
		checkRoundTrip(t, args)
	}
}

// checkUnclosed: the error is an UnclosedQuote at an opening quote.
func checkUnclosed(t *testing.T, in string, err error) {
	var ue *UsageError
	if !errors.As(err, &ue) || ue.Problem != UnclosedQuote {
		t.Fatalf("error %v (%T) is not an UnclosedQuote UsageError", err, err)
	}
	r := []rune(in)
	if ue.Pos < 0 || ue.Pos >= len(r) || string(r[ue.Pos]) != ue.Detail {
		t.Fatalf("Pos %d / Detail %q do not point at the opening quote", ue.Pos, ue.Detail)
	}
	if _, ok := closeQuote(r[ue.Pos]); !ok {
		t.Fatalf("%q at %d is not an opening quote", ue.Detail, ue.Pos)
	}
	if !strings.HasPrefix(ue.Quoted, ue.Detail) || !strings.HasSuffix(strings.TrimRightFunc(in, unicode.IsSpace), ue.Quoted) {
		t.Fatalf("Quoted %q is not the text from the opening quote of %q", ue.Quoted, in)
	}
}

// checkGap: text between words is whitespace only.
func checkGap(t *testing.T, gap string) {
	if strings.TrimFunc(gap, unicode.IsSpace) != "" {
		t.Fatalf("non-space text %q between arguments", gap)
	}
}

// checkToken: an unquoted word has no whitespace and decodes by the
// backslash-quote rule; a quoted word is delimited by a matching pair and
// decodes by the backslash-closing-quote rule.
func checkToken(t *testing.T, in string, tok Token) {
	raw := in[tok.Start:tok.End]
	if !endsWord(in, tok.End) || raw == "" {
		t.Fatalf("token %q does not end at whitespace or the end", raw)
	}
	first, size := utf8.DecodeRuneInString(raw)
	closing, opens := closeQuote(first)
	if !tok.Quoted {
		if opens || strings.IndexFunc(raw, unicode.IsSpace) >= 0 || strings.IndexFunc(tok.Text, unicode.IsSpace) >= 0 {
			t.Fatalf("unquoted token %q → %q holds whitespace or starts with a quote", raw, tok.Text)
		}
		if want, _ := refUnescape(raw, isQuote); tok.Text != want {
			t.Fatalf("word %q → %q; want %q", raw, tok.Text, want)
		}
		return
	}
	inner, ok := strings.CutSuffix(raw[size:], string(closing))
	if !opens || !ok || len(raw) < size+utf8.RuneLen(closing) {
		t.Fatalf("quoted token %q is not delimited by a matching pair", raw)
	}
	want, early := refUnescape(inner, func(r rune) bool { return r == closing })
	if tok.Text != want || early {
		t.Fatalf("quoted %q → %q; want %q (ends early: %v)", raw, tok.Text, want, early)
	}
}

// refUnescape is the reference decoder: a backslash before a rune esc
// accepts is dropped; everything else, invalid bytes included, is literal.
// early reports an unescaped esc rune followed by whitespace, which should
// have ended a quoted word.
func refUnescape(s string, esc func(rune) bool) (out string, early bool) {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '\\' && i+1 < len(s) {
			if q, qn := utf8.DecodeRuneInString(s[i+1:]); esc(q) {
				b.WriteString(s[i+1 : i+1+qn])
				i += 1 + qn
				continue
			}
		}
		if esc(r) && i+n < len(s) && endsWord(s, i+n) {
			early = true
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String(), early
}

// checkRoundTrip: quoting every argument and splitting again yields the
// same arguments.
func checkRoundTrip(t *testing.T, args []string) {
	words := make([]string, 0, len(args))
	kept := make([]string, 0, len(args))
	for _, a := range args {
		if q, ok := Quote(a); ok && utf8.ValidString(a) {
			words = append(words, q)
			kept = append(kept, a)
		}
	}
	again, err := Split(strings.Join(words, " "))
	if err != nil || (len(kept) > 0 && !reflect.DeepEqual(again, kept)) || (len(kept) == 0 && len(again) != 0) {
		t.Fatalf("round trip of %q via %q = %q, %v", kept, strings.Join(words, " "), again, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"<@410000000000000001> 2 spamming", "al 1h on \"the rest\"", "bob x", "", "“a” 10m", "1 2 3 4"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
	}
	fake := peopleFake()
	fake.addMembers(50)
	cmds := []*Command{
		{Name: "a", Params: []Param{Member("m", "").Optional(nil), Int("n", "").Optional(1).Min(1).Max(10),
			Duration("d", "").Optional(0), Bool("b", "").Optional(false), String("r", "").Optional("").Rest()}},
		{Name: "b", Params: []Param{Int("ids", "").Greedy(), User("u", "").Optional(nil), String("s", "").MaxLen(5)}},
	}
	f.Fuzz(func(t *testing.T, args string, which uint8) {
		cmd := cmds[int(which)%len(cmds)]
		c := newContext(fake, cmd, testUser(aliceID, "alice"), args)
		err := Parse(context.Background(), c)
		if err == nil {
			checkParsed(t, c, args)
			return
		}
		var ue *UsageError
		var ce *ConversionError
		if !errors.As(err, &ue) && !errors.As(err, &ce) {
			t.Fatalf("Parse(%q): untyped error %v (%T)", args, err, err)
		}
		if strings.Contains(err.Error(), "@") && !strings.Contains(err.Error(), "@\u200b") {
			t.Fatalf("error message can mention: %q", err.Error())
		}
	})
}

// checkParsed: every parameter has a value of its type; a rest value is
// the trimmed tail of the input or its single quoted word.
func checkParsed(t *testing.T, c *Context, args string) {
	if len(c.args) != len(c.Command.Params) {
		t.Fatalf("%d values for %d params", len(c.args), len(c.Command.Params))
	}
	if r, given := Value[string](c, "r"); given && !strings.Contains(args, r) && !strings.Contains(args, strings.TrimSpace(r)) {
		if toks, err := Tokenize(strings.TrimSpace(args)); err == nil && len(toks) > 0 && toks[len(toks)-1].Text != r {
			t.Fatalf("rest %q is not from %q", r, args)
		}
	}
	if n := c.Int("n"); c.Command.Name == "a" && (n < 1 || n > 10) {
		t.Fatalf("n = %d outside its bounds", n)
	}
}
