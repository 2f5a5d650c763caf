package main

import (
	"errors"
	"os"
	"testing"
	"time"
)

// statLine is a real /proc/<pid>/stat line with utime 150, stime 25 and
// rss 6000 pages, its command name holding a space and a parenthesis.
const statLine = "4242 (cogd (x) y) S 1 4242 4242 0 -1 4194560 9000 0 0 0 150 25 0 0 20 0 9 0 12345 1300000000 6000 " +
	"18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"

// checkParsed fails t unless a parser returned want, or an error wrapping
// sentinel (and the zero value) when wantErr.
func checkParsed[T comparable](t *testing.T, got T, err error, want T, wantErr bool, sentinel error) {
	t.Helper()
	if (err != nil) != wantErr || (err != nil && !errors.Is(err, sentinel)) {
		t.Fatalf("err = %v, wantErr %v", err, wantErr)
	}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestParseStat(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		want    usage
		wantErr bool
	}{
		{"real line", statLine, usage{CPU: 1750 * time.Millisecond, RSS: 6000 * 4096}, false},
		{"no command name", "4242 S 1 2 3", usage{}, true},
		{"truncated", "4242 (cogd) S 1 4242 4242 0 -1", usage{}, true},
		{"not a number", "1 (c) S 1 1 1 0 -1 0 0 0 0 0 x 25 0 0 20 0 9 0 1 1 6000 0", usage{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStat([]byte(tt.line), 4096)
			checkParsed(t, got, err, tt.want, tt.wantErr, errStat)
		})
	}
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    rssSplit
		wantErr bool
	}{
		{"real file", "Name:\tcogd\nVmRSS:\t   29196 kB\nRssAnon:\t    4792 kB\nRssFile:\t   24404 kB\nRssShmem:\t       0 kB\n",
			rssSplit{Anon: 4792 << 10, File: 24404 << 10}, false},
		{"no RssFile", "RssAnon:\t4792 kB\n", rssSplit{}, true},
		{"no unit", "RssAnon:\t4792\nRssFile:\t1 kB\n", rssSplit{}, true},
		{"negative", "RssAnon:\t-1 kB\nRssFile:\t1 kB\n", rssSplit{}, true},
		{"empty", "", rssSplit{}, true},
		{"RssAnon twice, no RssFile", "RssAnon:\t1 kB\nRssAnon:\t2 kB\n", rssSplit{}, true},
		{"too large", "RssAnon:\t9223372036854775807 kB\nRssFile:\t1 kB\n", rssSplit{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStatus([]byte(tt.in))
			checkParsed(t, got, err, tt.want, tt.wantErr, errStatus)
		})
	}
}

func TestReadRSSSplitOfThisProcess(t *testing.T) {
	s, err := readRSSSplit(os.Getpid())
	if err != nil || s.Anon <= 0 || s.File <= 0 {
		t.Fatalf("readRSSSplit = %+v, %v", s, err)
	}
}

func TestReadUsageOfThisProcess(t *testing.T) {
	u, err := readUsage(os.Getpid())
	if err != nil || u.RSS <= 0 {
		t.Fatalf("readUsage = %+v, %v", u, err)
	}
}

// BenchmarkReadUsage is the cost of one sample (read and parse /proc/<pid>/stat).
func BenchmarkReadUsage(b *testing.B) {
	pid := os.Getpid()
	b.ReportAllocs()
	for range b.N {
		if _, err := readUsage(pid); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParseStat(f *testing.F) {
	f.Add([]byte(statLine))
	f.Add([]byte("1 ((((( S"))
	f.Fuzz(func(t *testing.T, b []byte) {
		u, err := parseStat(b, 4096)
		if err != nil && u != (usage{}) {
			t.Fatalf("error %v with a value %+v", err, u)
		}
	})
}

func FuzzParseStatus(f *testing.F) {
	f.Add([]byte("RssAnon:\t4792 kB\nRssFile:\t24404 kB\n"))
	f.Add([]byte("RssAnon: 1 kB\nRssAnon: 2 kB\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseStatus(b)
		if err != nil && s != (rssSplit{}) {
			t.Fatalf("error %v with a value %+v", err, s)
		}
		if s.Anon < 0 || s.File < 0 {
			t.Fatalf("negative size %+v", s)
		}
	})
}
