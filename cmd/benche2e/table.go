package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// printTable prints the medians of both bots and their ratio as a
// Markdown table, ready for the README.
func printTable(out io.Writer, cfg config, cogd, bare []result, took time.Duration) {
	fmt.Fprintf(out, "bench-e2e %s · %d cores (%s) · %s · medians of %d interleaved rounds · took %s\n\n",
		time.Now().Format("2006-01-02"), runtime.NumCPU(), cpuModel(), runtime.Version(), cfg.rounds, took.Round(time.Second))
	fmt.Fprintln(out, "| per-process figure | cogd | bare discordgo v0.29.0 | cogd/bare |")
	fmt.Fprintln(out, "|---|---:|---:|---:|")
	row := func(name string, pick func(result) float64, unit func(float64) string) {
		c, b := median(cogd, pick), median(bare, pick)
		fmt.Fprintf(out, "| %s | %s | %s | %.2f× |\n", name, unit(c), unit(b), c/b)
	}
	dur := func(f func(result) time.Duration) func(result) float64 {
		return func(r result) float64 { return float64(f(r)) }
	}
	msUnit := func(v float64) string { return ms(time.Duration(v)) }
	sUnit := func(v float64) string { return secs(time.Duration(v)) }
	row(fmt.Sprintf("(a) CPU per 1,000 `!ping` commands (%d after %d warm-up, 8 channels)", cfg.pings, cfg.warmup),
		dur(func(r result) time.Duration { return r.PingCPU }), msUnit)
	row(fmt.Sprintf("(b) CPU per 1,000 chat messages, no prefix (%d, then a sentinel `!ping`)", cfg.chat),
		dur(func(r result) time.Duration { return r.ChatCPU }), msUnit)
	row(fmt.Sprintf("(c) RSS per cached member (%d guilds × %d members, minus idle RSS)", cfg.guilds, cfg.members),
		func(r result) float64 { return r.PerMember }, func(v float64) string { return fmt.Sprintf("%.0f B", v) })
	row("(c) IDENTIFY → sentinel reply (every GUILD_CREATE read)", dur(func(r result) time.Duration { return r.LoadTime }), sUnit)
	row("(c) CPU over that window", dur(func(r result) time.Duration { return r.LoadCPU }), sUnit)
	row("(d) idle RSS after READY (1 guild, 66 members)", func(r result) float64 { return float64(r.IdleRSS) },
		func(v float64) string { return mib(int64(v)) })
	row("(d) of which private memory (RssAnon: heap, stacks)", func(r result) float64 { return float64(r.IdleSplit.Anon) },
		func(v float64) string { return mib(int64(v)) })
	row("(d) of which mapped from the executable and libraries (RssFile)", func(r result) float64 { return float64(r.IdleSplit.File) },
		func(v float64) string { return mib(int64(v)) })
}

// cpuModel is the processor's model name from /proc/cpuinfo ("unknown CPU" when unreadable).
func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// median is the median of pick over rs (the mean of the middle two for an even count).
func median(rs []result, pick func(result) float64) float64 {
	vs := make([]float64, 0, len(rs))
	for _, r := range rs {
		vs = append(vs, pick(r))
	}
	slices.Sort(vs)
	n := len(vs)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
