package metrics

import (
	"testing"
	"time"
)

// TestErrorSourcesExportedAtZero: every source is a series from the start,
// so a dashboard shows 0 rather than "no data" before the first error.
func TestErrorSourcesExportedAtZero(t *testing.T) {
	mfs := scrape(t, NewServer("", New(Options{}), nil).Handler())
	for _, source := range ErrorSources() {
		if got, ok := value(mfs, "cogd_errors_total", map[string]string{"source": source}); !ok || got != 0 {
			t.Errorf("cogd_errors_total{source=%q} = %v (present %v), want 0", source, got, ok)
		}
	}
}

// TestEverySourceCounts: each way an error is reported increments its own
// source and no other.
func TestEverySourceCounts(t *testing.T) {
	tests := []struct {
		source string
		record func(m *Metrics)
	}{
		{ErrorSourceCommand, func(m *Metrics) { m.CommandDone("ping", OutcomeError, time.Millisecond) }},
		{ErrorSourceCommand, func(m *Metrics) { m.CommandDone("ping", OutcomeTimeout, time.Second) }},
		{ErrorSourceCommand, func(m *Metrics) { m.CommandDone("ping", OutcomePanic, time.Millisecond) }},
		{ErrorSourceUpstream, func(m *Metrics) { m.CommandDone("weather", OutcomeUpstreamError, time.Millisecond) }},
		{ErrorSourceListener, func(m *Metrics) { m.ErrorOccurred(ErrorSourceListener) }},
		{ErrorSourceGateway, func(m *Metrics) { m.ErrorOccurred(ErrorSourceGateway) }},
		{ErrorSourceStore, func(m *Metrics) { m.ErrorOccurred(ErrorSourceStore) }},
		{ErrorSourceScheduler, func(m *Metrics) { m.ErrorOccurred(ErrorSourceScheduler) }},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			m := New(Options{})
			tt.record(m)
			mfs := scrape(t, NewServer("", m, nil).Handler())
			for _, source := range ErrorSources() {
				want := 0.0
				if source == tt.source {
					want = 1
				}
				if got, _ := value(mfs, "cogd_errors_total", map[string]string{"source": source}); got != want {
					t.Errorf("cogd_errors_total{source=%q} = %v, want %v", source, got, want)
				}
			}
			if s := m.Snapshot(); s.Errors != 1 || s.ErrorsBySource[tt.source] != 1 {
				t.Errorf("Snapshot() Errors = %d, by source %v; want 1 from %s", s.Errors, s.ErrorsBySource, tt.source)
			}
		})
	}
}

// TestUserErrorIsNoError: a refused command is answered, not an error.
func TestUserErrorIsNoError(t *testing.T) {
	m := New(Options{})
	m.CommandDone("ban", OutcomeUserError, time.Millisecond)
	if s := m.Snapshot(); s.Errors != 0 {
		t.Errorf("Snapshot().Errors = %d after a user error, want 0", s.Errors)
	}
}
