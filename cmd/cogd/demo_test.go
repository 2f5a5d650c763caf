package main

import (
	"bufio"
	"context"
	"database/sql"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// demoProcess starts `cogd demo` as a real process with stdin a pipe and
// waits for its first prompt.
func demoProcess(t *testing.T, dataDir string) (cmd *exec.Cmd, stdin io.WriteCloser, lines <-chan string, logs *lockedBuffer) {
	t.Helper()
	cmd = exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "COGD_TEST_RUN_MAIN=1", "COGD_TEST_ARGS=demo -env testdata/none.env -data "+dataDir,
		"GEOCODING_API_URL=http://127.0.0.1:9/v1", "WEATHER_API_URL=http://127.0.0.1:9/v1", "CURRENCY_API_URL=http://127.0.0.1:9/v1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs = &lockedBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	out := make(chan string, 256)
	go func() {
		defer close(out)
		r := bufio.NewReader(stdout)
		for {
			s, err := r.ReadString(' ') // prompts end in "> " without a newline
			if s != "" {
				out <- s
			}
			if err != nil {
				return
			}
		}
	}()
	return cmd, stdin, out, logs
}

// readUntil collects output until it contains want.
func readUntil(t *testing.T, lines <-chan string, want string) string {
	t.Helper()
	var b strings.Builder
	timeout := time.After(30 * time.Second)
	for !strings.Contains(b.String(), want) {
		select {
		case s, ok := <-lines:
			if !ok {
				t.Fatalf("output ended before %q:\n%s", want, b.String())
			}
			b.WriteString(s)
		case <-timeout:
			t.Fatalf("no %q within 30s:\n%s", want, b.String())
		}
	}
	return b.String()
}

// exitCode waits for the process and returns its exit code.
func waitExit(t *testing.T, cmd *exec.Cmd, logs *lockedBuffer) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("demo did not exit:\n%s", logs.String())
	}
	return cmd.ProcessState.ExitCode()
}

func TestDemoCtrlCExitsZero(t *testing.T) {
	cmd, stdin, lines, logs := demoProcess(t, t.TempDir())
	defer stdin.Close()
	readUntil(t, lines, "you> ")
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := waitExit(t, cmd, logs); code != 0 {
		t.Fatalf("exit %d after SIGINT:\n%s", code, logs.String())
	}
}

func TestDemoShutdownExitsZero(t *testing.T) {
	cmd, stdin, lines, logs := demoProcess(t, t.TempDir())
	defer stdin.Close()
	readUntil(t, lines, "you> ")
	if _, err := io.WriteString(stdin, "/help\n/x\n!shutdown\n"); err != nil {
		t.Fatal(err)
	}
	out := readUntil(t, lines, "demo over")
	for _, want := range []string{"/join <name>", "Console commands win over slash commands", "(unknown command /x: not a console command"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code := waitExit(t, cmd, logs); code != 0 {
		t.Fatalf("exit %d after !shutdown:\n%s\n%s", code, out, logs.String())
	}
	if !strings.Contains(out, "Shutting down") {
		t.Errorf("no shutdown reply:\n%s", out)
	}
}

// TestDemoStartsEmptyUnlessKeep: the case of one run is gone in the
// next, and kept with --keep.
func TestDemoStartsEmptyUnlessKeep(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) int {
		t.Helper()
		env, stdout, stderr := testEnv(t, append([]string{"demo", "-data", dir}, args...), nil)
		env.Stdin = strings.NewReader("/as mod\n!warn bob spam\n")
		if code := Main(context.Background(), env); code != exitOK || !strings.Contains(stdout.String(), "Case #1: warned") {
			t.Fatalf("exit %d: %s\n%s", code, stdout.String(), stderr.String())
		}
		return countCases(t, filepath.Join(dir, "cogd.db"))
	}
	if n := run(); n != 1 {
		t.Fatalf("first run: %d cases", n)
	}
	if n := run(); n != 1 {
		t.Errorf("second run: %d cases, want 1 (a fresh database)", n)
	}
	if n := run("--keep"); n != 2 {
		t.Errorf("run with --keep: %d cases, want 2", n)
	}
}

func countCases(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM mod_cases").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
