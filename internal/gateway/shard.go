package gateway

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Options configure one shard.
type Options struct {
	Token          string // with the "Bot " prefix
	HTTP           *http.Client
	ShardID        int
	ShardCount     int
	Intents        discordgo.Intent
	StartupTimeout time.Duration // per connection attempt, until READY
	LogLevel       int           // discordgo log level for this session
	Logger         *slog.Logger
	Now            func() time.Time
	// Backoff is the wait before reconnect attempt n (from 1); default
	// exponential from 1 s to 2 min with jitter.
	Backoff func(attempt int) time.Duration
	// InvalidSessionWait is how long to wait after op 9 with d: false
	// before discordgo re-identifies; Discord asks for a random 1–5 s
	// (the default).
	InvalidSessionWait func() time.Duration
	// Wait performs that wait on discordgo's read goroutine (time.Sleep by
	// default); tests record the duration instead of sleeping.
	Wait func(time.Duration)
	// CheckEvery is the supervisor's zombie-check period (default 1 s).
	CheckEvery time.Duration
	// Settle is the pause between a disconnect and the reconnect (default
	// 300 ms); see Shard.recover.
	Settle time.Duration
	// OnStatus, when set, is told on every supervisor tick whether the
	// shard is ready and its heartbeat latency (for metrics).
	OnStatus func(shard int, ready bool, latency time.Duration)
	// OnError, when set, is told of each error the supervisor meets (for
	// metrics): a failed connection attempt, a disconnect with an error
	// (Discord's close frame with a code other than 1000/1001), a zombie
	// connection dropped, a fatal close. Reconnects Discord asks for
	// (RECONNECT, resumable INVALID_SESSION) are no errors.
	OnError func(shard int, err error)
	// BeforeIdentify, when set, is called before every IDENTIFY the shard
	// sends again on its own: after INVALID_SESSION with d: false (after
	// InvalidSessionWait) and on Open's retries before the first READY.
	// The first connection of Open is the caller's to pace. It blocks
	// until the shard may identify (a shared identify bucket, say); an
	// error is logged and the IDENTIFY goes ahead.
	BeforeIdentify func(ctx context.Context) error
	// Messages, when set, drops MESSAGE_CREATE frames that nothing wants
	// before discordgo decodes them (see MessageFilter); nil delivers all.
	Messages *MessageFilter
}

// Shard is one gateway connection (a discordgo Session) and the supervisor
// that keeps it alive: it owns reconnection (discordgo's own is switched
// off), resumes after zombie connections with close code 4000 so the session
// survives, waits as asked after INVALID_SESSION, and stops on fatal close
// codes instead of retrying forever.
type Shard struct {
	ID      int
	Session *discordgo.Session
	watch   *Watch
	opts    Options
	log     *slog.Logger
	down    chan struct{}
	conn    atomic.Pointer[watchConn] // the newest gateway connection
	seq     *int64                    // discordgo's sequence number (nil: no filter)
	mu      sync.Mutex
	closing bool
	// resumeURL is the last READY's resume_gateway_url.
	resumeURL atomic.Pointer[string]
	// mainURL is discordgo's gateway URL before the first override;
	// guarded by the session lock, as is overridden.
	mainURL    string
	overridden bool
	// identified is set by the first READY: discordgo resumes from then on.
	identified atomic.Bool
	// life ends when the shard is closed; it bounds BeforeIdentify.
	life    context.Context
	endLife context.CancelFunc
}

// New builds the shard's session; nothing is dialled until Open.
func New(opts Options) (*Shard, error) {
	opts = withDefaults(opts)
	s, err := discordgo.New(opts.Token)
	if err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	sh := &Shard{ID: opts.ShardID, Session: s, watch: NewWatch(opts.Now), opts: opts,
		log: opts.Logger.With("shard", opts.ShardID), down: make(chan struct{}, 1)}
	sh.life, sh.endLife = context.WithCancel(context.Background())
	if opts.Messages != nil {
		if sh.seq, err = sequenceOf(s); err != nil {
			sh.log.Warn("delivering every message to discordgo", "err", err)
		}
	}
	sh.configure(s)
	return sh, nil
}

func withDefaults(o Options) Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Backoff == nil {
		o.Backoff = ExpBackoff(time.Second, 2*time.Minute)
	}
	if o.InvalidSessionWait == nil {
		o.InvalidSessionWait = InvalidSessionWait
	}
	if o.Wait == nil {
		o.Wait = time.Sleep
	}
	if o.CheckEvery <= 0 {
		o.CheckEvery = time.Second
	}
	if o.Settle <= 0 {
		o.Settle = 300 * time.Millisecond
	}
	if o.StartupTimeout <= 0 {
		o.StartupTimeout = 30 * time.Second
	}
	if o.ShardCount < 1 {
		o.ShardCount = 1
	}
	return o
}

func (sh *Shard) configure(s *discordgo.Session) {
	s.Client = sh.opts.HTTP
	s.ShardID, s.ShardCount = sh.opts.ShardID, sh.opts.ShardCount
	s.Identify.Intents = sh.opts.Intents
	s.Identify.Compress, s.Compress = false, false
	s.ShouldReconnectOnError = false // the supervisor reconnects
	s.ShouldRetryOnRateLimit = false // callers bound their own retries
	s.SyncEvents = true              // the dispatcher decides what runs concurrently
	s.StateEnabled = true
	s.LogLevel = sh.opts.LogLevel
	s.Dialer = sh.dialer()
	s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { sh.signalDown() })
	s.AddHandler(sh.onRawEvent)
}

// InvalidSessionWait returns a random wait in [1 s, 5 s], what Discord
// asks for after INVALID_SESSION before a new IDENTIFY.
func InvalidSessionWait() time.Duration { return time.Second + rand.N(4*time.Second+1) }

func (sh *Shard) signalDown() {
	select {
	case sh.down <- struct{}{}:
	default:
	}
}

// dialer returns a websocket dialer whose connections are watched.
func (sh *Shard) dialer() *websocket.Dialer {
	nd := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	wrap := func(c net.Conn, err error) (net.Conn, error) {
		if err != nil {
			return nil, err
		}
		wc := newWatchConn(c, sh.watch, sh.opts.StartupTimeout, sh.invalidSession)
		if sh.seq != nil {
			wc.filter, wc.seq = sh.opts.Messages, sh.seq
		}
		sh.conn.Store(wc)
		return wc, nil
	}
	return &websocket.Dialer{
		HandshakeTimeout: 10 * time.Second,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return wrap(nd.DialContext(ctx, network, addr))
		},
		NetDialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, _ := net.SplitHostPort(addr)
			td := &tls.Dialer{NetDialer: nd, Config: &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}}
			return wrap(td.DialContext(ctx, network, addr))
		},
	}
}

// invalidSession runs on discordgo's read goroutine when op 9 arrives.
// A resumable session is resumed at once (the watcher turns the frame
// into a read error, so the supervisor reconnects and discordgo RESUMEs);
// otherwise it waits as Discord asks before discordgo re-identifies.
func (sh *Shard) invalidSession(resumable bool) {
	if resumable {
		sh.log.Warn("gateway invalidated the connection; resuming the session", "resumable", true)
		return
	}
	wait := sh.opts.InvalidSessionWait()
	sh.log.Warn("gateway invalidated the session", "resumable", false, "wait", wait)
	sh.opts.Wait(wait)
	sh.beforeIdentify(sh.life)
}

// beforeIdentify waits for BeforeIdentify, if set, until ctx ends.
func (sh *Shard) beforeIdentify(ctx context.Context) {
	if sh.opts.BeforeIdentify == nil {
		return
	}
	if err := sh.opts.BeforeIdentify(ctx); err != nil {
		sh.log.Warn("identifying without the identify gate", "err", err)
	}
}

// Watch exposes what is known about the connection (latency, readiness).
func (sh *Shard) Watch() *Watch { return sh.watch }

// Latency is the last heartbeat round trip.
func (sh *Shard) Latency() time.Duration { return sh.watch.Latency() }

// Open connects, retrying transient failures with backoff until ctx ends.
// A fatal close code returns *FatalError at once.
func (sh *Shard) Open(ctx context.Context) error {
	var last error
	for attempt := 1; ; attempt++ {
		if attempt > 1 && !sh.identified.Load() {
			sh.beforeIdentify(ctx) // discordgo identifies again
		}
		err := sh.openOnce()
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			sh.log.Info("shard connected")
			return nil
		}
		if fe := sh.fatal(err); fe != nil {
			sh.reportError(fe)
			return fe
		}
		last = err
		sh.reportError(err)
		sh.log.Warn("gateway connect failed", "attempt", attempt, "err", err)
		if !Sleep(ctx, sh.opts.Backoff(attempt)) {
			return fmt.Errorf("shard %d: connect: %w (last error: %w)", sh.ID, ctx.Err(), last)
		}
	}
}

func (sh *Shard) openOnce() error {
	sh.mu.Lock()
	closing := sh.closing
	sh.mu.Unlock()
	if closing {
		return errors.New("shard closing")
	}
	err := sh.Session.Open()
	// Open may have emitted a Disconnect while cleaning up; it is not news.
	select {
	case <-sh.down:
	default:
	}
	return err
}

// fatal returns a *FatalError when err or the last close frame carries a
// fatal close code.
func (sh *Shard) fatal(err error) *FatalError {
	code := closeCodeOf(err)
	if code == 0 {
		code = sh.watch.CloseCode()
	}
	if IsFatalCode(code) {
		return &FatalError{Shard: sh.ID, Code: code}
	}
	return nil
}

// Run supervises the connection until ctx ends or a fatal close code.
func (sh *Shard) Run(ctx context.Context) error {
	tick := time.NewTicker(sh.opts.CheckEvery)
	defer tick.Stop()
	sh.report()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-sh.down:
		case <-tick.C:
			sh.report()
			if !sh.watch.Zombie() {
				continue
			}
			sh.log.Warn("no heartbeat ACK for two intervals; reconnecting to resume")
			sh.reportError(errZombie)
			sh.dropZombie()
			continue // discordgo notices the drop and reports the disconnect
		}
		if err := sh.recover(ctx); err != nil {
			return err
		}
	}
}

// errZombie is what OnError is told when a connection stopped answering.
var errZombie = errors.New("gateway: no heartbeat ACK for two intervals")

// reportError passes err to OnError.
func (sh *Shard) reportError(err error) {
	if sh.opts.OnError != nil {
		sh.opts.OnError(sh.ID, err)
	}
}

// closedWithError is the disconnect's error when Discord closed the
// connection with a code that says something went wrong, else nil.
func (sh *Shard) closedWithError() error {
	switch code := sh.watch.CloseCode(); code {
	case 0, 1000, 1001, 1012: // none, normal, going away, service restart (RECONNECT)
		return nil
	default:
		return fmt.Errorf("shard %d: gateway closed the connection with %d", sh.ID, code)
	}
}

// report passes the shard's state to OnStatus.
func (sh *Shard) report() {
	if sh.opts.OnStatus != nil {
		sh.opts.OnStatus(sh.ID, sh.watch.Ready(), sh.watch.Latency())
	}
}

// dropZombie replaces a connection Discord stopped answering. It sends a
// close frame with 4000 and drops the TCP connection (a non-1000 code
// keeps the session resumable; discordgo's CloseWithCode would send 1000
// and also sleep a second holding the session lock). LastHeartbeatAck is refreshed first so that
// discordgo's own check (five intervals) in the old heartbeat goroutine
// cannot fire and close the next connection.
func (sh *Shard) dropZombie() {
	sh.Session.Lock()
	sh.Session.LastHeartbeatAck = sh.opts.Now().UTC()
	sh.Session.Unlock()
	if c := sh.conn.Load(); c != nil {
		c.abort(zombieCloseCode)
	}
}

// recover reconnects after a disconnect, unless it was fatal.
//
// It first lets the old connection settle: discordgo's heartbeat goroutine
// for that connection may be about to write to it, get "close sent" and
// call Session.Close, which would close the *new* connection with 1000 and
// end the session. That goroutine runs as soon as the session lock is
// released, so a short pause puts its Close before the reconnect, where it
// finds nothing to close.
func (sh *Shard) recover(ctx context.Context) error {
	if fe := sh.fatal(nil); fe != nil {
		sh.log.Error("gateway closed the shard for good", "code", fe.Code, "fix", fatalReason(fe.Code))
		sh.reportError(fe)
		return fe
	}
	if err := sh.closedWithError(); err != nil {
		sh.reportError(err)
	}
	sh.log.Warn("shard disconnected; reconnecting", "close_code", sh.watch.CloseCode())
	if !Sleep(ctx, sh.opts.Settle) {
		return nil
	}
	sh.pointGateway()
	err := sh.Open(ctx)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// Close ends the connection (discordgo's Close waits one second).
func (sh *Shard) Close() error {
	sh.mu.Lock()
	sh.closing = true
	sh.mu.Unlock()
	sh.endLife()
	return sh.Session.Close()
}

// ExpBackoff returns exponential backoff from lo to hi with ±20% jitter.
func ExpBackoff(lo, hi time.Duration) func(int) time.Duration {
	return func(attempt int) time.Duration {
		d := lo << min(attempt-1, 20)
		if d > hi || d <= 0 {
			d = hi
		}
		return d - d/5 + rand.N(d/5*2+1)
	}
}

// Sleep waits d unless ctx ends first; it reports whether d passed.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
