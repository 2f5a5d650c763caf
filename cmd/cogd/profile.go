package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
)

// withProfiles runs main while profiling the process when asked to by the
// environment (for `make profile` and `bench-e2e -profile`):
//
//	COGD_CPUPROFILE=path  CPU profile from start to exit
//	COGD_MEMPROFILE=path  heap profile written at exit, after a GC
//	                      (in-use memory then, and every allocation made)
//
// Both are off when unset. Failing to write a profile is reported on
// stderr and does not change the exit code.
func withProfiles(lookup func(string) (string, bool), stderr io.Writer, main func() int) int {
	stop := startCPUProfile(lookup, stderr)
	code := main()
	stop()
	if path, ok := lookup("COGD_MEMPROFILE"); ok && path != "" {
		if err := writeHeapProfile(path); err != nil {
			fmt.Fprintf(stderr, "cogd: %v\n", err)
		}
	}
	return code
}

// startCPUProfile starts the CPU profile named by COGD_CPUPROFILE and
// returns the function that stops it.
func startCPUProfile(lookup func(string) (string, bool), stderr io.Writer) (stop func()) {
	path, ok := lookup("COGD_CPUPROFILE")
	if !ok || path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "cogd: cpu profile: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintf(stderr, "cogd: cpu profile: %v\n", err)
		}
	}
}

// writeHeapProfile writes the heap profile to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		_ = f.Close()
		return fmt.Errorf("heap profile: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	return nil
}
