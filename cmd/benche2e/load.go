package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"cogd/internal/discordtest"
)

// replies counts the bot's messages on one emulator.
type replies struct {
	got    chan struct{}
	cancel func()
}

// countReplies subscribes to the bot's messages on emu.
func countReplies(emu *discordtest.Server) *replies {
	ch, cancel := emu.Subscribe()
	r := &replies{got: make(chan struct{}, 1<<16), cancel: cancel}
	go func() {
		for range ch {
			r.got <- struct{}{}
		}
	}()
	return r
}

// wait waits for n more replies, at most timeout for each.
func (r *replies) wait(n int, timeout time.Duration) error {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for i := range n {
		select {
		case <-r.got:
			t.Reset(timeout)
		case <-t.C:
			return fmt.Errorf("%d of %d replies missing after %s", n-i, n, timeout)
		}
	}
	return nil
}

// drain forgets replies that arrived so far.
func (r *replies) drain() {
	for {
		select {
		case <-r.got:
		default:
			return
		}
	}
}

// world is where the load is posted: channels and the members who post.
type world struct {
	emu      *discordtest.Server
	channels []string
	authors  []string
	replies  *replies
}

// post sends message i of a load: authors and channels rotate.
func (w *world) post(i int, content string) error {
	ch := w.channels[i%len(w.channels)]
	author := w.authors[(i*7+i/len(w.channels))%len(w.authors)]
	if _, err := w.emu.SendMessage(ch, author, content); err != nil {
		return fmt.Errorf("post: %w", err)
	}
	return nil
}

// pings sends n "!ping" with at most window unanswered at a time and
// waits until every one is answered.
func (w *world) pings(n, window int) error {
	for i := range n {
		if i >= window {
			if err := w.replies.wait(1, 30*time.Second); err != nil {
				return fmt.Errorf("ping %d: %w", i, err)
			}
		}
		if err := w.post(i, "!ping"); err != nil {
			return err
		}
	}
	return w.replies.wait(min(n, window), 30*time.Second)
}

// chatLines are ordinary messages; none starts with the prefix or mentions the bot.
var chatLines = []string{
	"anyone up for a game tonight?",
	"lol that was great",
	"has anyone tried the new update yet? the patch notes look huge",
	"good morning everyone ☀️",
	"I think the meeting moved to 3pm, can someone confirm!",
	"brb",
	"here's the link I mentioned earlier: https://example.com/some/long/path?with=query",
	"no way, really? 😂",
}

// chat sends n ordinary messages, then a sentinel "!ping" whose reply
// proves the bot has read them all.
func (w *world) chat(n int) error {
	for i := range n {
		if err := w.post(i, chatLines[i%len(chatLines)]+" #"+strconv.Itoa(i)); err != nil {
			return err
		}
	}
	if err := w.post(n, "!ping"); err != nil {
		return err
	}
	if err := w.replies.wait(1, 60*time.Second); err != nil {
		return fmt.Errorf("sentinel after %d chat messages: %w", n, err)
	}
	return nil
}

// probe sends "!ping" until one is answered (the bot is serving), at
// most tries times.
func (w *world) probe(tries int) error {
	var err error
	for range tries {
		if err = w.post(0, "!ping"); err != nil {
			return err
		}
		if err = w.replies.wait(1, 5*time.Second); err == nil {
			w.replies.drain() // late answers to earlier probes
			return nil
		}
	}
	return fmt.Errorf("bot never answered !ping: %w", err)
}

// waitFor waits for cond on emu, at most timeout.
func waitFor(emu *discordtest.Server, timeout time.Duration, what string, cond func() bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := emu.WaitFor(ctx, cond); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
