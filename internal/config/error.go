package config

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Error reports one invalid configuration value. Its text is a single line,
// for example:
//
//	config: SHARD_IDS: "0-x" is not a shard list (want e.g. 0-7 or 0,2,4)
//
// Problem never contains the value of DISCORD_TOKEN.
type Error struct {
	// Key is the environment variable that holds the bad value.
	Key string
	// Problem says what is wrong, without the "config: KEY: " prefix.
	Problem string
}

// Error returns the one-line message "config: KEY: problem".
func (e *Error) Error() string {
	return "config: " + e.Key + ": " + e.Problem
}

// FileError reports a .env file that cannot be parsed. Its text is a single
// line naming the file and the line number; it never quotes the file's
// content, which may hold the bot token.
type FileError struct {
	// Path is the file as given to Environment.
	Path string
	// Line is the 1-based line where parsing failed.
	Line int
	// Problem says what is wrong on that line.
	Problem string
}

// Error returns the one-line message "config: PATH:LINE: problem".
func (e *FileError) Error() string {
	return fmt.Sprintf("config: %s:%d: %s", e.Path, e.Line, e.Problem)
}

// maxQuoted is the longest value an error message quotes in full.
const maxQuoted = 64

// quoted is v as an error message quotes it: in Go syntax, cut after
// maxQuoted bytes (on a rune boundary) with "…" and its full length, so a
// long list in the environment does not become a long log line.
func quoted(v string) string {
	if len(v) <= maxQuoted {
		return strconv.Quote(v)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(v[:cut]), len(v))
}
