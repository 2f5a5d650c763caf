package bot

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

// stepTransport answers every request after advancing the fake clock by
// the next step; a negative step fails the request.
type stepTransport struct {
	clock *time.Time
	steps []time.Duration
}

func (s *stepTransport) RoundTrip(*http.Request) (*http.Response, error) {
	d := s.steps[0]
	s.steps = s.steps[1:]
	if d < 0 {
		*s.clock = s.clock.Add(-d)
		return nil, errors.New("connection refused")
	}
	*s.clock = s.clock.Add(d)
	return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody}, nil
}

func TestRESTTimerRollingAverage(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name  string
		steps []time.Duration
		want  time.Duration
	}{
		{"nothing measured", nil, 0},
		{"first sample is the figure", []time.Duration{40 * ms}, 40 * ms},
		{"newest sample weighs 1/8", []time.Duration{40 * ms, 120 * ms}, 50 * ms},
		{"failed requests do not count", []time.Duration{40 * ms, -900 * ms}, 40 * ms},
		{"only failures: still unmeasured", []time.Duration{-10 * ms}, 0},
		{"a zero round trip still counts as measured", []time.Duration{0}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Unix(0, 0)
			tr := newRESTTimer(&stepTransport{clock: &now, steps: tt.steps}, func() time.Time { return now })
			for range tt.steps {
				req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/", nil)
				if resp, err := tr.RoundTrip(req); err == nil {
					_ = resp.Body.Close()
				}
			}
			if got := tr.Latency(); got != tt.want {
				t.Fatalf("Latency() = %v, want %v", got, tt.want)
			}
		})
	}
}

// BenchmarkRESTTimerObserve is the cost the timer adds to every REST request.
func BenchmarkRESTTimerObserve(b *testing.B) {
	tr := newRESTTimer(nil, nil)
	b.ReportAllocs()
	for i := range b.N {
		tr.observe(time.Duration(i))
	}
}
