package discordtest

import (
	"context"
	"fmt"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// subscriber receives the bot's messages.
type subscriber struct {
	ch     chan *discordgo.Message
	done   chan struct{}
	once   sync.Once
	mu     sync.RWMutex
	closed bool
}

// deliver sends m unless the subscriber is cancelled; it blocks while the buffer is full.
func (sub *subscriber) deliver(m *discordgo.Message) {
	sub.mu.RLock()
	defer sub.mu.RUnlock()
	if sub.closed {
		return
	}
	select {
	case sub.ch <- m:
	case <-sub.done:
	}
}

// close cancels the subscription and closes its channel.
func (sub *subscriber) close() {
	sub.once.Do(func() {
		close(sub.done)
		sub.mu.Lock()
		sub.closed = true
		close(sub.ch)
		sub.mu.Unlock()
	})
}

// Subscribe returns a channel receiving every message the bot creates through REST (guild
// channels and DMs), in creation order per request, and a cancel function that closes the
// channel. The channel is buffered (1024); when it is full, the bot's POST waits.
func (s *Server) Subscribe() (ch <-chan *discordgo.Message, cancel func()) {
	sub := &subscriber{ch: make(chan *discordgo.Message, subscriberBuffer), done: make(chan struct{})}
	s.mu.Lock()
	closed := s.closed
	if !closed {
		s.subs[sub] = struct{}{}
	}
	s.mu.Unlock()
	if closed {
		sub.close()
	}
	return sub.ch, func() {
		s.mu.Lock()
		delete(s.subs, sub)
		s.mu.Unlock()
		sub.close()
	}
}

// subList returns the subscribers; s.mu must be held.
func (s *Server) subList() []*subscriber {
	out := make([]*subscriber, 0, len(s.subs))
	for sub := range s.subs {
		out = append(out, sub)
	}
	return out
}

// publish hands a bot message to every subscriber; s.mu must not be held.
func (s *Server) publish(m *discordgo.Message) {
	s.mu.Lock()
	subs := s.subList()
	s.mu.Unlock()
	for _, sub := range subs {
		sub.deliver(m)
	}
}

// WaitMessage returns the first message the bot created in channelID with an ID greater
// than after ("" = any), waiting for it until ctx ends.
func (s *Server) WaitMessage(ctx context.Context, channelID string, after string) (*discordgo.Message, error) {
	for {
		ch := s.changes()
		if m := s.botMessageAfter(channelID, after); m != nil {
			return m, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("discordtest: wait for bot message in %s after %q: %w", channelID, after, ctx.Err())
		}
	}
}

// botMessageAfter returns the oldest bot message in channelID newer than after.
func (s *Server) botMessageAfter(channelID, after string) *discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.w.channels[channelID]
	if c == nil {
		return nil
	}
	var found *discordgo.Message
	for i := len(c.msgs) - 1; i >= 0 && idLess(after, c.msgs[i].ID); i-- {
		if c.msgs[i].Author.ID == s.opts.BotID {
			found = c.msgs[i]
		}
	}
	return found
}
