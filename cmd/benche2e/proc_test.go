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
			if (err != nil) != tt.wantErr || (err != nil && !errors.Is(err, errStat)) {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
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
