package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"cogd/internal/discordtest"
)

// botKind is one of the two bots compared.
type botKind struct {
	Name string   // "cogd" or "bare"
	Bin  string   // the executable
	Args []string // its arguments
}

// child is a running bot process.
type child struct {
	cmd  *exec.Cmd
	log  string
	done chan error
}

// startChild runs the bot against emu in dir, its output going to a log
// file there; extra is added to the environment.
func startChild(k botKind, emu *discordtest.Server, dir string, extra ...string) (*child, error) {
	logPath := filepath.Join(dir, k.Name+".log")
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("bot log: %w", err)
	}
	cmd := exec.Command(k.Bin, k.Args...)
	cmd.Dir = dir // no .env of the developer's checkout
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), "DISCORD_TOKEN="+emu.Token(), "DISCORD_API_URL="+emu.APIURL(),
		"DATABASE_URL=sqlite:"+filepath.Join(dir, "cogd.db"), "METRICS_ADDR=")
	cmd.Env = append(cmd.Env, extra...)
	if err := cmd.Start(); err != nil {
		_ = logf.Close()
		return nil, fmt.Errorf("start %s: %w", k.Name, err)
	}
	c := &child{cmd: cmd, log: logPath, done: make(chan error, 1)}
	go func() { c.done <- cmd.Wait(); _ = logf.Close() }()
	return c, nil
}

// pid is the process ID.
func (c *child) pid() int { return c.cmd.Process.Pid }

// usage samples the process's CPU and RSS.
func (c *child) usage() (usage, error) { return readUsage(c.pid()) }

// stop sends SIGTERM and waits up to 15 s for the exit, then kills it.
func (c *child) stop() error {
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop: %w", err)
	}
	select {
	case err := <-c.done:
		return exitErr(err)
	case <-time.After(15 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.done
		return errors.New("did not exit within 15 s of SIGTERM; killed")
	}
}

// exitErr ignores the exit statuses of a clean SIGTERM.
func exitErr(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ProcessState.Sys().(syscall.WaitStatus).Signal() == syscall.SIGTERM {
		return nil
	}
	if err != nil {
		return fmt.Errorf("exit: %w", err)
	}
	return nil
}

// tail returns the end of the child's log, for error messages.
func (c *child) tail() string {
	b, _ := os.ReadFile(c.log)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}
