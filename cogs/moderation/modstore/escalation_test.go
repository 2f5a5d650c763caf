package modstore

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestEscalationPolicyValidate(t *testing.T) {
	tests := []struct {
		name   string
		policy EscalationPolicy
		ok     bool
	}{
		{"empty", nil, true},
		{"issue example", EscalationPolicy{{3, ActionTimeout, time.Hour}, {5, ActionKick, 0}, {7, ActionBan, 0}}, true},
		{"temporary ban", EscalationPolicy{{2, ActionBan, 24 * time.Hour}}, true},
		{"zero points", EscalationPolicy{{0, ActionKick, 0}}, false},
		{"warn is no escalation", EscalationPolicy{{3, ActionWarn, 0}}, false},
		{"timeout without duration", EscalationPolicy{{3, ActionTimeout, 0}}, false},
		{"timeout over 28 days", EscalationPolicy{{3, ActionTimeout, 29 * 24 * time.Hour}}, false},
		{"fractional seconds", EscalationPolicy{{3, ActionTimeout, 1500 * time.Millisecond}}, false},
		{"negative duration", EscalationPolicy{{3, ActionBan, -time.Hour}}, false},
		{"duplicate threshold", EscalationPolicy{{3, ActionKick, 0}, {3, ActionBan, 0}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.policy.Validate()
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrInvalid)) {
				t.Errorf("Validate() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestEscalationPolicyCrossed(t *testing.T) {
	p := EscalationPolicy{{7, ActionBan, 0}, {3, ActionTimeout, time.Hour}, {5, ActionKick, 0}}
	tests := []struct {
		before, after int
		want          int // threshold of the step, 0 for none
	}{
		{0, 1, 0}, {2, 3, 3}, {3, 4, 0}, {4, 5, 5}, {2, 6, 5}, {0, 9, 7}, {7, 8, 0}, {5, 3, 0},
	}
	for _, tt := range tests {
		step, ok := p.Crossed(tt.before, tt.after)
		if ok != (tt.want != 0) || step.Points != tt.want {
			t.Errorf("Crossed(%d, %d) = %+v, %v; want threshold %d", tt.before, tt.after, step, ok, tt.want)
		}
	}
}

func TestEscalationPolicyJSON(t *testing.T) {
	p := EscalationPolicy{{5, ActionKick, 0}, {3, ActionTimeout, time.Hour}}
	v, err := p.Value()
	want := `[{"points":3,"action":"timeout","duration_seconds":3600},{"points":5,"action":"kick","duration_seconds":0}]`
	if err != nil || v != want {
		t.Fatalf("Value() = %v, %v\nwant %s", v, err, want)
	}
	for _, src := range []any{want, []byte(want)} {
		var got EscalationPolicy
		if err := got.Scan(src); err != nil || !reflect.DeepEqual(got, EscalationPolicy{p[1], p[0]}) {
			t.Errorf("Scan(%T) = %+v, %v", src, got, err)
		}
	}
	var empty EscalationPolicy
	if v, _ := empty.Value(); v != "[]" {
		t.Errorf("empty policy stores %v, want []", v)
	}
	for _, src := range []any{"[]", nil} {
		if err := empty.Scan(src); err != nil || empty != nil {
			t.Errorf("Scan(%v) = %v, %v; want nil policy", src, empty, err)
		}
	}
	for _, bad := range []any{"{", 42} {
		if err := empty.Scan(bad); err == nil {
			t.Errorf("Scan(%v) succeeded", bad)
		}
	}
}
