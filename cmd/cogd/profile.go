package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
)

// withProfiles runs main while profiling the process when asked to by the
// environment (for `make profile` and `bench-e2e -profile`):
//
//	COGD_CPUPROFILE=path  CPU profile from start to exit
//	COGD_MEMPROFILE=path  heap profile (after a GC: memory in use then, and
//	                      every allocation made so far), written each time
//	                      the process gets SIGUSR1, else once at exit
//
// Both are off when unset. Failing to write a profile is reported on
// stderr and does not change the exit code.
func withProfiles(lookup func(string) (string, bool), stderr io.Writer, main func() int) int {
	stopCPU := startCPUProfile(lookup, stderr)
	stopHeap := startHeapProfile(lookup, stderr)
	code := main()
	stopCPU()
	stopHeap()
	return code
}

// startHeapProfile writes the heap profile named by COGD_MEMPROFILE on
// every SIGUSR1 (while the bot holds its state) and returns the function
// that stops listening and, when no signal came, writes it at exit.
func startHeapProfile(lookup func(string) (string, bool), stderr io.Writer) (stop func()) {
	path, ok := lookup("COGD_MEMPROFILE")
	if !ok || path == "" {
		return func() {}
	}
	write := func() {
		if err := writeHeapProfile(path); err != nil {
			fmt.Fprintf(stderr, "cogd: %v\n", err)
		}
	}
	sig, done, written := make(chan os.Signal, 1), make(chan struct{}), make(chan bool, 1)
	signal.Notify(sig, syscall.SIGUSR1)
	go func() {
		got := false
		for {
			select {
			case <-sig:
				write()
				got = true
			case <-done:
				written <- got
				return
			}
		}
	}()
	return func() {
		signal.Stop(sig)
		close(done)
		if !<-written {
			write()
		}
	}
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

// writeHeapProfile writes the heap profile to path, through a temporary
// file renamed into place so that a reader never sees half a profile.
func writeHeapProfile(path string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	runtime.GC()
	err = pprof.WriteHeapProfile(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("heap profile: %w", err)
	}
	return nil
}
