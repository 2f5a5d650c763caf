package logging

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
)

// Options configures New.
type Options struct {
	// Level is the minimum level logged; nil means slog.LevelInfo.
	Level slog.Leveler
	// Format is "text" (the default when empty) or "json".
	Format string
	// File is a log file to append to; empty means Stderr. It is created
	// with mode 0600, and its directory with mode 0700, when missing.
	File string
	// Stderr receives the logs when File is empty; nil means os.Stderr.
	Stderr io.Writer
	// Secrets are redacted wherever they appear (see NewRedactHandler).
	Secrets []string
}

// New returns a redacting logger configured by opts and a Closer for its
// output: the log file, or a no-op for Stderr. Call Close after the last
// log line.
func New(opts Options) (*slog.Logger, io.Closer, error) {
	newHandler, err := formatHandler(opts.Format)
	if err != nil {
		return nil, nil, err
	}
	w, closer, err := openOutput(opts)
	if err != nil {
		return nil, nil, err
	}
	h := newHandler(w, &slog.HandlerOptions{Level: opts.Level})
	return slog.New(NewRedactHandler(h, opts.Secrets...)), closer, nil
}

// formatHandler returns the constructor of the handler for format.
func formatHandler(format string) (func(io.Writer, *slog.HandlerOptions) slog.Handler, error) {
	switch format {
	case "", "text":
		return func(w io.Writer, o *slog.HandlerOptions) slog.Handler { return slog.NewTextHandler(w, o) }, nil
	case "json":
		return func(w io.Writer, o *slog.HandlerOptions) slog.Handler { return slog.NewJSONHandler(w, o) }, nil
	}
	return nil, fmt.Errorf("logging: unknown format %q (want text or json)", format)
}

// openOutput returns the writer selected by opts and how to close it.
func openOutput(opts Options) (io.Writer, io.Closer, error) {
	if opts.File == "" {
		if opts.Stderr == nil {
			return os.Stderr, nopCloser{}, nil
		}
		return opts.Stderr, nopCloser{}, nil
	}
	if err := os.MkdirAll(filepath.Dir(opts.File), 0o700); err != nil {
		return nil, nil, fmt.Errorf("logging: create log directory: %w", err)
	}
	f, err := os.OpenFile(opts.File, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("logging: open log file: %w", err)
	}
	return f, f, nil
}

// nopCloser is the Closer returned when logging to a writer we do not own.
type nopCloser struct{}

// Close does nothing.
func (nopCloser) Close() error { return nil }
