package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

func TestWithProfilesWritesBothProfiles(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		vars map[string]string
		want []string
	}{
		{"off", map[string]string{}, nil},
		{"both", map[string]string{"COGD_CPUPROFILE": filepath.Join(dir, "cpu.pprof"), "COGD_MEMPROFILE": filepath.Join(dir, "heap.pprof")},
			[]string{"cpu.pprof", "heap.pprof"}},
		{"unwritable", map[string]string{"COGD_MEMPROFILE": filepath.Join(dir, "no", "such", "dir")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			lookup := func(k string) (string, bool) { v, ok := tt.vars[k]; return v, ok }
			if code := withProfiles(lookup, &stderr, func() int { return 3 }); code != 3 {
				t.Fatalf("exit code %d, want main's 3", code)
			}
			for _, name := range tt.want {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b { // pprof files are gzip
					t.Errorf("%s: %d bytes, %v", name, len(b), err)
				}
			}
			if (tt.name == "unwritable") != (stderr.Len() > 0) {
				t.Errorf("stderr = %q", stderr.String())
			}
		})
	}
}

func TestHeapProfileOnSIGUSR1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "heap.pprof")
	lookup := func(k string) (string, bool) { return path, k == "COGD_MEMPROFILE" }
	var stderr bytes.Buffer
	withProfiles(lookup, &stderr, func() int {
		if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
			t.Fatal(err)
		}
		for { // the handler writes it while main still runs
			if _, err := os.Stat(path); err == nil {
				break
			}
			runtime.Gosched()
		}
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		return 0
	})
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) || stderr.Len() > 0 {
		t.Fatalf("after a SIGUSR1 the exit must not write the heap profile again: %v, %q", err, stderr.String())
	}
}
