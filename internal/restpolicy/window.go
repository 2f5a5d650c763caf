package restpolicy

import "time"

// windowSlots is the resolution of the invalid-request window.
const windowSlots = 600

// window counts events in a sliding time window of windowSlots slots.
// It is not safe for concurrent use (the Policy's mutex guards it).
type window struct {
	slot   time.Duration
	counts [windowSlots]int
	stamps [windowSlots]int64 // slot number each count belongs to
	total  int
}

// newWindow returns a window of length d (10 minutes: 1 s slots).
func newWindow(d time.Duration) *window {
	return &window{slot: max(d/windowSlots, time.Nanosecond)}
}

// slotOf returns the slot number of t.
func (w *window) slotOf(t time.Time) int64 { return t.UnixNano() / int64(w.slot) }

// expire drops the counts older than the window.
func (w *window) expire(now time.Time) {
	oldest := w.slotOf(now) - windowSlots + 1
	for i := range w.counts {
		if w.counts[i] > 0 && w.stamps[i] < oldest {
			w.total -= w.counts[i]
			w.counts[i] = 0
		}
	}
}

// add counts one event at now and returns the new total.
func (w *window) add(now time.Time) int {
	w.expire(now)
	n := w.slotOf(now)
	i := int(n % windowSlots)
	if w.stamps[i] != n {
		w.total -= w.counts[i]
		w.counts[i], w.stamps[i] = 0, n
	}
	w.counts[i]++
	w.total++
	return w.total
}

// count returns the events in the window at now.
func (w *window) count(now time.Time) int {
	w.expire(now)
	return w.total
}

// untilBelow returns how long until fewer than limit events are left in
// the window, 0 when that is already so.
func (w *window) untilBelow(now time.Time, limit int) time.Duration {
	left := w.count(now)
	cur := w.slotOf(now)
	for n := cur - windowSlots + 1; n <= cur && left >= limit; n++ {
		i := int(n % windowSlots)
		if w.stamps[i] != n || w.counts[i] == 0 {
			continue
		}
		left -= w.counts[i]
		if left < limit {
			expiry := time.Unix(0, (n+windowSlots)*int64(w.slot))
			return max(expiry.Sub(now), w.slot)
		}
	}
	return 0
}
