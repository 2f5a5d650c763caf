package main

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"time"
)

// userHZ is the unit of utime/stime in /proc/<pid>/stat (USER_HZ, 100 on
// every Linux architecture Go supports).
const userHZ = 100

// usage is what /proc/<pid>/stat says about a process.
type usage struct {
	CPU time.Duration // utime + stime, every thread
	RSS int64         // resident set size in bytes
}

// errStat means a stat line could not be read.
var errStat = errors.New("malformed /proc/<pid>/stat")

// readUsage reads /proc/<pid>/stat.
func readUsage(pid int) (usage, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return usage{}, fmt.Errorf("read stat: %w", err)
	}
	return parseStat(b, int64(os.Getpagesize()))
}

// parseStat parses a /proc/<pid>/stat line: utime and stime are fields 14
// and 15, rss (pages) field 24, counted from 1; the command name (field 2)
// is in parentheses and may itself hold spaces and parentheses, so fields
// are counted from the last ')'.
func parseStat(b []byte, pageSize int64) (usage, error) {
	end := bytes.LastIndexByte(b, ')')
	if end < 0 {
		return usage{}, errStat
	}
	fields := bytes.Fields(b[end+1:]) // fields[0] is field 3 (state)
	if len(fields) < 22 {
		return usage{}, errStat
	}
	num := func(field int) (int64, error) { return strconv.ParseInt(string(fields[field-3]), 10, 64) }
	utime, err1 := num(14)
	stime, err2 := num(15)
	rss, err3 := num(24)
	if err := errors.Join(err1, err2, err3); err != nil {
		return usage{}, fmt.Errorf("%w: %w", errStat, err)
	}
	ticks := utime + stime
	return usage{CPU: time.Duration(ticks) * time.Second / userHZ, RSS: rss * pageSize}, nil
}

// rssSplit is a process's resident set split by where its pages come from,
// from /proc/<pid>/status.
type rssSplit struct {
	Anon int64 // RssAnon: heap, stacks and other private memory, in bytes
	File int64 // RssFile: pages of the executable and libraries mapped from disk, in bytes
}

// readRSSSplit reads /proc/<pid>/status.
func readRSSSplit(pid int) (rssSplit, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return rssSplit{}, fmt.Errorf("read status: %w", err)
	}
	return parseStatus(b)
}

// errStatus means a status file lacked RssAnon or RssFile.
var errStatus = errors.New("malformed /proc/<pid>/status")

// parseStatus reads the RssAnon and RssFile lines ("RssAnon:   4792 kB")
// of a /proc/<pid>/status file.
func parseStatus(b []byte) (rssSplit, error) {
	var s rssSplit
	var anon, file bool
	for line := range bytes.Lines(b) {
		key, rest, ok := bytes.Cut(line, []byte(":"))
		var dst *int64
		switch {
		case !ok:
			continue
		case string(key) == "RssAnon" && !anon:
			dst, anon = &s.Anon, true
		case string(key) == "RssFile" && !file:
			dst, file = &s.File, true
		default:
			continue
		}
		fields := bytes.Fields(rest)
		if len(fields) != 2 || string(fields[1]) != "kB" {
			return rssSplit{}, fmt.Errorf("%w: %q", errStatus, bytes.TrimSpace(line))
		}
		kb, err := strconv.ParseInt(string(fields[0]), 10, 64)
		if err != nil || kb < 0 || kb > math.MaxInt64>>10 {
			return rssSplit{}, fmt.Errorf("%w: %q", errStatus, bytes.TrimSpace(line))
		}
		*dst = kb << 10
	}
	if !anon || !file {
		return rssSplit{}, fmt.Errorf("%w: no RssAnon and RssFile lines", errStatus)
	}
	return s, nil
}
