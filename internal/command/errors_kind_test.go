package command

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// userErrors has one value of every error type this package defines; the
// walk below fails when a new type is missing here, so none can be left
// unclassified.
var userErrors = map[string]error{
	"silentError":                ErrSilent,
	"UsageError":                 &UsageError{Problem: MissingArgument, Param: "member"},
	"ConversionError":            &ConversionError{Param: "n", Input: "x", Reason: "is not a whole number"},
	"CheckError":                 GuildOnlyError(),
	"MissingPermissionsError":    &MissingPermissionsError{Missing: 4},
	"BotMissingPermissionsError": &BotMissingPermissionsError{Missing: 4},
	"CooldownError":              &CooldownError{RetryAfter: time.Second},
	"ConcurrencyError":           &ConcurrencyError{Limit: 1},
	"UserError":                  &UserError{Msg: "no"},
	"UpstreamError":              &UpstreamError{Msg: "the weather service is down"},
	"NotFoundError":              &NotFoundError{Name: "x"},
	"DurationError":              &DurationError{Input: "0s", Reason: "must be positive"},
	"PrefixError":                &PrefixError{Prefix: "a", Reason: "is only letters or digits"},
}

// TestEveryErrorTypeIsUserFacing walks this package's source for types
// with an Error method and checks each is in userErrors, classifies itself
// as user-facing (also when wrapped) and has a message.
func TestEveryErrorTypeIsUserFacing(t *testing.T) {
	for _, name := range errorTypesInSource(t) {
		err, ok := userErrors[name]
		if !ok {
			t.Errorf("error type %s is not in userErrors: add it, and make it UserFacing", name)
			continue
		}
		uf, ok := AsUserFacing(fmt.Errorf("wrapped: %w", err))
		if !ok {
			t.Errorf("%s is not UserFacing", name)
			continue
		}
		if k := uf.Kind(); k != KindUser && k != KindUpstream {
			t.Errorf("%s.Kind() = %q", name, k)
		}
		c := &Context{Prefix: "!", Command: &Command{Name: "cmd"}}
		if msg := UserMessage(c, uf); msg == "" && err != ErrSilent {
			t.Errorf("%s has no message for the user", name)
		}
	}
	if _, ok := AsUserFacing(errors.New("disk on fire")); ok {
		t.Error("a plain error is user-facing")
	}
	if _, ok := AsUserFacing(context.DeadlineExceeded); ok {
		t.Error("a timeout is user-facing")
	}
}

// errorTypesInSource lists the types of this package (non-test files)
// that have an Error() method.
func errorTypesInSource(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "Error" && fn.Recv != nil {
				names = append(names, receiverName(fn.Recv.List[0].Type))
			}
		}
	}
	if len(names) < len(userErrors) {
		t.Fatalf("found only %v in the source", names)
	}
	return names
}

func receiverName(e ast.Expr) string {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	return e.(*ast.Ident).Name
}

// TestUserMessagesInContext: the messages that depend on the invocation.
func TestUserMessagesInContext(t *testing.T) {
	c := &Context{Prefix: "?", Command: &Command{Name: "warn", Params: []Param{String("member", "who")}}}
	tests := []struct {
		err  UserFacing
		want string
	}{
		{&CooldownError{RetryAfter: 3 * time.Second}, "Slow down: you can use `?warn` again in 3s."},
		{&UsageError{Problem: MissingArgument, Param: "member"}, "Missing argument: member.\nUsage: `?warn <member>` — see `?help warn`."},
		{&NotFoundError{Name: "wran", Suggestions: []string{"warn"}}, "I don't know the command “wran”. Did you mean `?warn`? Type `?help` for the list of commands."},
		{&ConcurrencyError{Limit: 2}, "This command is already running 2 times. Try again when one has finished."},
	}
	for _, tt := range tests {
		if got := UserMessage(c, tt.err); got != tt.want {
			t.Errorf("%T: %q, want %q", tt.err, got, tt.want)
		}
	}
}
