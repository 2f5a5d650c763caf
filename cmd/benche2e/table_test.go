package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	pick := func(r result) float64 { return r.PerMember }
	tests := []struct {
		name string
		in   []float64
		want float64
	}{
		{"none", nil, 0},
		{"one", []float64{7}, 7},
		{"odd count picks the middle", []float64{9, 1, 5}, 5},
		{"even count averages the middle two", []float64{4, 1, 10, 2}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rs []result
			for _, v := range tt.in {
				rs = append(rs, result{PerMember: v})
			}
			if got := median(rs, pick); got != tt.want {
				t.Fatalf("median(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestTableShowsRatios(t *testing.T) {
	cogd := []result{{PingCPU: 300 * time.Millisecond, ChatCPU: 30 * time.Millisecond, IdleRSS: 20 << 20, IdleSplit: rssSplit{Anon: 6 << 20, File: 14 << 20}, PerMember: 900, LoadTime: time.Second, LoadCPU: time.Second}}
	bare := []result{{PingCPU: 200 * time.Millisecond, ChatCPU: 60 * time.Millisecond, IdleRSS: 10 << 20, IdleSplit: rssSplit{Anon: 2 << 20, File: 8 << 20}, PerMember: 900, LoadTime: time.Second, LoadCPU: 2 * time.Second}}
	var out bytes.Buffer
	printTable(&out, config{rounds: 1, pings: 10, warmup: 1, chat: 10, guilds: 1, members: 1}, cogd, bare, time.Minute)
	for _, want := range []string{"| 300.0 ms | 200.0 ms | 1.50× |", "| 30.0 ms | 60.0 ms | 0.50× |", "| 900 B | 900 B | 1.00× |", "| 20.0 MiB | 10.0 MiB | 2.00× |", "| 6.0 MiB | 2.0 MiB | 3.00× |", "| 14.0 MiB | 8.0 MiB | 1.75× |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}
