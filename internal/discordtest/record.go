package discordtest

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Request is one recorded REST request and the status it was answered with.
type Request struct {
	// Method and Path are the HTTP method and the URL path (without query).
	Method, Path string
	// Query is the raw query string.
	Query string
	// Status is the response status code.
	Status int
	// Header is the request header as sent (e.g. X-Audit-Log-Reason).
	Header http.Header
	// Body is the request body.
	Body []byte
	// Unknown marks requests answered with 404 because no such route exists.
	Unknown bool
	// Time is when the request arrived.
	Time time.Time
}

// Frame is one recorded gateway frame.
type Frame struct {
	// Out is true for frames the server sent, false for frames it received.
	Out bool
	// Op is the gateway opcode.
	Op int
	// Type is the dispatch event name (op 0 only).
	Type string
	// Seq is the dispatch sequence number (op 0 only).
	Seq int64
	// Raw is the frame's JSON; it must not be modified.
	Raw []byte
	// Conn numbers the connection the frame belongs to, from 1.
	Conn int
}

// ring is a bounded log keeping the most recent entries.
type ring[T any] struct {
	items []T
	next  int
	full  bool
}

// add appends v, overwriting the oldest entry once the ring holds recordCap entries.
func (r *ring[T]) add(v T) {
	if !r.full && len(r.items) < recordCap {
		r.items = append(r.items, v)
		return
	}
	r.full = true
	r.items[r.next] = v
	r.next = (r.next + 1) % len(r.items)
}

// list returns the entries oldest first.
func (r *ring[T]) list() []T {
	out := make([]T, 0, len(r.items))
	out = append(out, r.items[r.next:]...)
	return append(out, r.items[:r.next]...)
}

// Requests returns the recorded REST requests, oldest first (at most the last 10,000).
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests.list()
}

// UnknownRoutes returns the requests answered with 404 because no such route exists.
func (s *Server) UnknownRoutes() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unknown.list()
}

// Frames returns the recorded gateway frames in both directions, oldest first (at most the
// last 10,000).
func (s *Server) Frames() []Frame {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.frames.list()
}

// recordRequest stores r; s.mu must not be held.
func (s *Server) recordRequest(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Unknown {
		s.unknown.add(r)
	}
	if !s.opts.NoRecord {
		s.requests.add(r)
	}
	s.changedLocked()
}

// recordFrameLocked stores f.
func (s *Server) recordFrameLocked(f Frame) {
	if !s.opts.NoRecord {
		s.frames.add(f)
	}
	s.changedLocked()
}

// changedLocked wakes every WaitFor/WaitMessage caller.
func (s *Server) changedLocked() {
	if s.notify != nil {
		close(s.notify)
		s.notify = nil
	}
}

// changes returns a channel closed at the next recorded change.
func (s *Server) changes() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.notify == nil {
		s.notify = make(chan struct{})
	}
	return s.notify
}

// WaitFor blocks until cond returns true or ctx ends. cond is evaluated after every change
// the server records (frames, requests, messages, connections); it may call Server methods.
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error {
	for {
		ch := s.changes()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("discordtest: wait for condition: %w", context.Cause(ctx))
		}
	}
}
