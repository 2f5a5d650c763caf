package metrics

import (
	"io"
	"net/http/httptest"
	"testing"
	"time"
)

func BenchmarkCommandDone(b *testing.B) {
	m := New(Options{})
	names := []string{"ping", "help", "weather", "ban", "warn", "convert", "userinfo", "avatar"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.CommandDone(names[i&7], OutcomeOK, time.Duration(i&1023)*time.Millisecond)
		i++
	}
}

func BenchmarkCommandDoneParallel(b *testing.B) {
	m := New(Options{})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.CommandDone("ping", OutcomeOK, 3*time.Millisecond)
		}
	})
}

func BenchmarkGatewayEvent(b *testing.B) {
	m := New(Options{})
	types := []string{"MESSAGE_CREATE", "GUILD_CREATE", "PRESENCE_UPDATE", "TYPING_START"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.GatewayEvent(types[i&3])
		i++
	}
}

func BenchmarkGatewayEventOverflow(b *testing.B) {
	m := New(Options{MaxLabelValues: 1})
	m.GatewayEvent("MESSAGE_CREATE")
	m.GatewayEvent("UNKNOWN_1")
	b.ReportAllocs()
	for b.Loop() {
		m.GatewayEvent("UNKNOWN_2")
	}
}

func BenchmarkCacheHook(b *testing.B) {
	m := New(Options{})
	hook := m.CacheHook("prefix")
	b.ReportAllocs()
	for b.Loop() {
		hook(true)
	}
}

func BenchmarkSnapshot(b *testing.B) {
	m := New(Options{})
	m.CommandDone("ping", OutcomeOK, time.Millisecond)
	m.GatewayEvent("MESSAGE_CREATE")
	b.ReportAllocs()
	for b.Loop() {
		m.Snapshot()
	}
}

func BenchmarkScrape(b *testing.B) {
	m := New(Options{})
	for _, name := range []string{"ping", "help", "weather", "ban"} {
		m.CommandDone(name, OutcomeOK, time.Millisecond)
	}
	h := NewServer("", m, nil).Handler()
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
		_, _ = io.Copy(io.Discard, w.Body)
	}
}
