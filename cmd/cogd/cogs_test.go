package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"cogd/internal/bot"
)

// TestCogList: one list, names unique (the bot refuses duplicates), every
// cog has a constructor and a description, and only the owner cog may
// control the bot.
func TestCogList(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range cogList() {
		key := strings.ToLower(c.Name)
		if seen[key] {
			t.Errorf("two cogs are called %q", c.Name)
		}
		seen[key] = true
		if c.New == nil || c.Description == "" {
			t.Errorf("cog %q lacks a constructor or a description", c.Name)
		}
		if c.Grants&bot.GrantControl != 0 && c.Name != "owner" {
			t.Errorf("cog %q is granted bot control; only the owner cog may be", c.Name)
		}
	}
	for _, want := range []string{"moderation", "utility", "owner", "example"} {
		if !seen[want] {
			t.Errorf("cog %q is not in the list", want)
		}
	}
	dup := append(cogList(), cogList()[0])
	if _, err := bot.New(bot.Options{Token: "x", APIURL: "http://127.0.0.1:1/api/v9", Cogs: dup}); err == nil ||
		!strings.Contains(err.Error(), "two cogs are called") {
		t.Errorf("a duplicated cog name is accepted: %v", err)
	}
}

// TestDependencies: the production binary does not link the testing
// package, and the framework does not import the store or any cog.
func TestDependencies(t *testing.T) {
	deps := func(pkg string) []string {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		return strings.Fields(string(out))
	}
	if slices.Contains(deps("cogd/cmd/cogd"), "testing") {
		t.Error("cmd/cogd links the testing package")
	}
	for _, pkg := range []string{"cogd/internal/bot", "cogd/internal/command"} {
		for _, d := range deps(pkg) {
			if d == "cogd/internal/store" || strings.HasPrefix(d, "cogd/cogs/") || strings.HasPrefix(d, "cogd/cmd/") {
				t.Errorf("%s imports %s", pkg, d)
			}
		}
	}
}
