package command

import (
	"context"
	"strings"
	"testing"
)

func TestUnclosedQuoteMessage(t *testing.T) {
	long := `"` + strings.Repeat("x", 80)
	tests := []struct{ args, want string }{
		{`bob "unterminated`, "Unclosed quote: “\"unterminated” is never closed — add a closing \" or remove the opening one."},
		{`bob «reason  `, "Unclosed quote: “«reason” is never closed — add a closing » or remove the opening one."},
		{`bob 2 “@everyone look`, "Unclosed quote: ““@\u200beveryone look” is never closed — add a closing ” or remove the opening one."},
		{"bob " + long, "Unclosed quote: “" + Truncate(long, inputQuoteLimit) + "” is never closed — add a closing \" or remove the opening one."},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			cmd := &Command{Name: "warn", Params: []Param{Member("member", ""), String("word", "").Optional("")}}
			c := newContext(peopleFake(), cmd, testUser(aliceID, "alice"), tt.args)
			err := Parse(context.Background(), c)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Parse(%q)\n got %v\nwant %q", tt.args, err, tt.want)
			}
		})
	}
}
