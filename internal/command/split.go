package command

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one argument of a command line with its place in the text.
type Token struct {
	// Text is the argument after quote removal and unescaping.
	Text string
	// Start and End are the byte offsets of the raw word in the input,
	// including its quotes: input[Start:End].
	Start, End int
	// Quoted reports whether the word was a quoted string.
	Quoted bool
}

// Split splits the text after a command name into arguments following the
// rules of shared/acceptance/README.md. An unclosed quote yields a
// *UsageError of kind UnclosedQuote.
func Split(text string) ([]string, error) {
	sc := scanner{text: text}
	var out []string
	for {
		tok, ok, err := sc.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		out = append(out, tok.Text)
	}
}

// Tokenize is Split with positions: each Token carries the raw word's byte
// offsets, so callers can take the rest of a line exactly as typed.
func Tokenize(text string) ([]Token, error) {
	sc := scanner{text: text}
	var out []Token
	for {
		tok, ok, err := sc.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		out = append(out, tok)
	}
}

// scanner reads tokens lazily; it is a value so callers can save and
// restore a position by copying it.
type scanner struct {
	text string
	pos  int
}

// next returns the next token, ok=false at the end of the text.
func (s *scanner) next() (Token, bool, error) {
	s.pos = skipSpace(s.text, s.pos)
	if s.pos >= len(s.text) {
		return Token{}, false, nil
	}
	r, size := utf8.DecodeRuneInString(s.text[s.pos:])
	if closing, ok := closeQuote(r); ok {
		return s.quoted(closing, size)
	}
	return s.word(), true, nil
}

// rest returns the remaining text trimmed of whitespace, with its quotes
// removed when it is exactly one quoted word; ok=false when nothing is left.
// The scanner moves to the end.
func (s *scanner) rest() (string, bool) {
	text := strings.TrimFunc(s.text[s.pos:], unicode.IsSpace)
	s.pos = len(s.text)
	if text == "" {
		return "", false
	}
	one := scanner{text: text}
	if tok, ok, err := one.next(); err == nil && ok && tok.Quoted && tok.End == len(text) {
		return tok.Text, true
	}
	return text, true
}

// remaining returns the unread text without leading whitespace.
func (s *scanner) remaining() string {
	return s.text[skipSpace(s.text, s.pos):]
}

// word reads an unquoted word: up to the next whitespace, with a
// backslash before a quote character yielding the quote.
func (s *scanner) word() Token {
	start := s.pos
	var b *strings.Builder
	i := start
	for i < len(s.text) {
		r, size := utf8.DecodeRuneInString(s.text[i:])
		if unicode.IsSpace(r) {
			break
		}
		if r == '\\' && i+1 < len(s.text) {
			if q, qsize := utf8.DecodeRuneInString(s.text[i+1:]); isQuote(q) {
				b = startBuilder(b, s.text[start:i])
				b.WriteRune(q)
				i += 1 + qsize
				continue
			}
		}
		if b != nil {
			b.WriteString(s.text[i : i+size])
		}
		i += size
	}
	s.pos = i
	return Token{Text: builtOr(b, s.text[start:i]), Start: start, End: i}
}

// quoted reads a quoted word whose opening quote (openSize bytes) is at
// s.pos and whose closing quote is closing.
func (s *scanner) quoted(closing rune, openSize int) (Token, bool, error) {
	start := s.pos
	body := start + openSize
	var b *strings.Builder
	for i := body; i < len(s.text); {
		r, size := utf8.DecodeRuneInString(s.text[i:])
		if r == '\\' && strings.HasPrefix(s.text[i+1:], string(closing)) {
			b = startBuilder(b, s.text[body:i])
			b.WriteRune(closing)
			i += 1 + utf8.RuneLen(closing)
			continue
		}
		if r == closing && endsWord(s.text, i+size) {
			s.pos = i + size
			tok := Token{Text: builtOr(b, s.text[body:i]), Start: start, End: i + size, Quoted: true}
			return tok, true, nil
		}
		if b != nil {
			b.WriteString(s.text[i : i+size])
		}
		i += size
	}
	open, _ := utf8.DecodeRuneInString(s.text[start:])
	return Token{}, false, &UsageError{
		Problem: UnclosedQuote,
		Detail:  string(open),
		Pos:     utf8.RuneCountInString(s.text[:start]),
		Quoted:  strings.TrimRightFunc(s.text[start:], unicode.IsSpace),
	}
}

func startBuilder(b *strings.Builder, prefix string) *strings.Builder {
	if b == nil {
		b = &strings.Builder{}
		b.WriteString(prefix)
	}
	return b
}

func builtOr(b *strings.Builder, s string) string {
	if b == nil {
		return s
	}
	return b.String()
}

// endsWord reports whether position i of text is the end or whitespace.
func endsWord(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsSpace(r)
}

func skipSpace(text string, i int) int {
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			return i
		}
		i += size
	}
	return i
}

// closeQuote returns the closing quote for an opening quote of one of the
// 17 pairs.
func closeQuote(open rune) (rune, bool) {
	switch open {
	case '"', '⹂', '＂':
		return open, true
	case '‘':
		return '’', true
	case '‚':
		return '‛', true
	case '“':
		return '”', true
	case '„':
		return '‟', true
	case '「':
		return '」', true
	case '『':
		return '』', true
	case '〝':
		return '〞', true
	case '﹁':
		return '﹂', true
	case '﹃':
		return '﹄', true
	case '｢':
		return '｣', true
	case '«':
		return '»', true
	case '‹':
		return '›', true
	case '《':
		return '》', true
	case '〈':
		return '〉', true
	}
	return 0, false
}

// isQuote reports whether r opens or closes one of the 17 quote pairs.
func isQuote(r rune) bool {
	if _, ok := closeQuote(r); ok {
		return true
	}
	switch r {
	case '’', '‛', '”', '‟', '」', '』', '〞', '﹂', '﹄', '｣', '»', '›', '》', '〉':
		return true
	}
	return false
}
