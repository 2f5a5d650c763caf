package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unicode"

	"github.com/joho/godotenv"
)

// Environment returns a lookup in which lookup (normally os.LookupEnv) wins
// and the .env file at dotenvPath fills the gaps. As with godotenv.Load, a
// key that is set in the real environment wins even when it is empty.
//
// A missing file is not an error. A file that cannot be parsed gives a
// *FileError naming the file and line; it never quotes the file. The process
// environment is never modified.
func Environment(dotenvPath string, lookup func(string) (string, bool)) (func(string) (string, bool), error) {
	src, err := os.ReadFile(dotenvPath)
	if errors.Is(err, fs.ErrNotExist) {
		return lookup, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config: read %s: %w", dotenvPath, err)
	}
	file, err := parseDotEnv(dotenvPath, src)
	if err != nil {
		return nil, err
	}
	return func(key string) (string, bool) {
		if v, ok := lookup(key); ok {
			return v, true
		}
		v, ok := file[key]
		return v, ok
	}, nil
}

// LoadEnvironment loads the configuration from the process environment,
// with the .env file at dotenvPath filling the gaps (see Environment and
// LoadLookup).
func LoadEnvironment(dotenvPath string) (Config, error) {
	lookup, err := Environment(dotenvPath, os.LookupEnv)
	if err != nil {
		return Config{}, err
	}
	return LoadLookup(lookup)
}

// parseDotEnv parses src with godotenv, turning a failure into a *FileError.
func parseDotEnv(path string, src []byte) (map[string]string, error) {
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	m, err := parseKeys(src)
	if err == nil {
		return m, nil
	}
	return nil, &FileError{Path: path, Line: badLine(src), Problem: dotEnvProblem(err)}
}

// Problems parseKeys adds to godotenv's.
const (
	missingEquals = "missing '=' (want KEY=value)"
	spaceInKey    = "whitespace in key (want KEY=value)"
)

// parseKeys is godotenv.UnmarshalBytes that also rejects an empty key and a
// key with whitespace, both of which godotenv accepts.
func parseKeys(src []byte) (map[string]string, error) {
	m, err := godotenv.UnmarshalBytes(src)
	if err != nil {
		return nil, err
	}
	for k := range m {
		if k == "" {
			return nil, errors.New(missingEquals)
		}
		if strings.ContainsFunc(k, unicode.IsSpace) {
			return nil, errors.New(spaceInKey)
		}
	}
	return m, nil
}

// badLine returns the 1-based line where src stops parsing: one past the
// longest prefix of whole lines that parses.
func badLine(src []byte) int {
	lines := bytes.SplitAfter(src, []byte("\n"))
	for n := len(lines) - 1; n > 0; n-- {
		if _, err := parseKeys(bytes.Join(lines[:n], nil)); err == nil {
			return n + 1
		}
	}
	return 1
}

// dotEnvProblem describes a godotenv error without the text it quotes.
func dotEnvProblem(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "unterminated quoted value"):
		return "unterminated quoted value"
	case strings.HasPrefix(msg, `unexpected character "\n"`):
		return missingEquals
	case msg == missingEquals, msg == spaceInKey:
		return msg
	case strings.HasPrefix(msg, "unexpected character"):
		char, _, _ := strings.Cut(msg, " in variable name")
		return char + " in key (want KEY=value)"
	}
	return "cannot parse (want KEY=value)"
}
