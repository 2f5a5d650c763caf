package modstore

import (
	"cmp"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// maxTimeout is Discord's longest member timeout.
const maxTimeout = 28 * 24 * time.Hour

// EscalationStep is one rule of an escalation policy: reaching Points active
// warning points triggers Action (ActionTimeout, ActionKick or ActionBan),
// for Duration when the action is a timeout or a (temporary) ban.
type EscalationStep struct {
	// Points is the threshold, at least 1.
	Points int
	// Action is ActionTimeout, ActionKick or ActionBan.
	Action Action
	// Duration is how long a timeout lasts (required, ≤ 28 days) or a ban
	// lasts (0 means permanent); ignored for a kick.
	Duration time.Duration
}

// EscalationPolicy is a guild's list of escalation steps, stored as JSON
// text: [{"points":3,"action":"timeout","duration_seconds":3600}, ...].
type EscalationPolicy []EscalationStep

// stepJSON is the stored form of an EscalationStep.
type stepJSON struct {
	Points          int    `json:"points"`
	Action          Action `json:"action"`
	DurationSeconds int64  `json:"duration_seconds"`
}

// Validate checks every step and that no two share a threshold.
func (p EscalationPolicy) Validate() error {
	seen := make(map[int]bool, len(p))
	for _, st := range p {
		if err := st.validate(); err != nil {
			return err
		}
		if seen[st.Points] {
			return fmt.Errorf("two escalation steps at %d points: %w", st.Points, ErrInvalid)
		}
		seen[st.Points] = true
	}
	return nil
}

// validate checks one step.
func (st EscalationStep) validate() error {
	switch {
	case st.Points < 1:
		return fmt.Errorf("escalation at %d points: %w", st.Points, ErrInvalid)
	case st.Action != ActionTimeout && st.Action != ActionKick && st.Action != ActionBan:
		return fmt.Errorf("escalation action %q (want timeout, kick or ban): %w", st.Action, ErrInvalid)
	case st.Duration < 0 || st.Duration%time.Second != 0:
		return fmt.Errorf("escalation duration %s (want whole seconds): %w", st.Duration, ErrInvalid)
	case st.Action == ActionTimeout && (st.Duration == 0 || st.Duration > maxTimeout):
		return fmt.Errorf("escalation timeout of %s (want 1s to 28d): %w", st.Duration, ErrInvalid)
	}
	return nil
}

// Crossed returns the step with the highest threshold in (before, after]:
// the one to apply when a warning raises a member's active points from
// before to after. ok is false when no threshold was crossed.
func (p EscalationPolicy) Crossed(before, after int) (step EscalationStep, ok bool) {
	for _, st := range p {
		if st.Points > before && st.Points <= after && (!ok || st.Points > step.Points) {
			step, ok = st, true
		}
	}
	return step, ok
}

// Value stores the policy as JSON text, steps sorted by points.
func (p EscalationPolicy) Value() (driver.Value, error) {
	out := make([]stepJSON, len(p))
	for i, st := range p.sorted() {
		out[i] = stepJSON{Points: st.Points, Action: st.Action, DurationSeconds: int64(st.Duration / time.Second)}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("encode escalation policy: %w", err)
	}
	return string(b), nil
}

// sorted returns a copy of p ordered by points; nil stays nil.
func (p EscalationPolicy) sorted() EscalationPolicy {
	out := slices.Clone(p)
	slices.SortStableFunc(out, func(a, b EscalationStep) int { return cmp.Compare(a.Points, b.Points) })
	return out
}

// Scan reads the policy from JSON text.
func (p *EscalationPolicy) Scan(src any) error {
	var raw []byte
	switch v := src.(type) {
	case string:
		raw = []byte(v)
	case []byte:
		raw = v
	case nil:
		*p = nil
		return nil
	default:
		return fmt.Errorf("decode escalation policy: unexpected %T", src)
	}
	var in []stepJSON
	if err := json.Unmarshal(raw, &in); err != nil {
		return fmt.Errorf("decode escalation policy: %w", err)
	}
	*p = decodeSteps(in)
	return nil
}

// decodeSteps converts the stored form.
func decodeSteps(in []stepJSON) EscalationPolicy {
	if len(in) == 0 {
		return nil
	}
	out := make(EscalationPolicy, len(in))
	for i, st := range in {
		out[i] = EscalationStep{Points: st.Points, Action: st.Action, Duration: time.Duration(st.DurationSeconds) * time.Second}
	}
	return out
}
