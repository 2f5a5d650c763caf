package discordtest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// DefaultCommandCreateQuota is Discord's daily limit of command creates per scope.
const DefaultCommandCreateQuota = 200

// createWindow is the period the create quota counts over.
const createWindow = 24 * time.Hour

// cmdScope holds the commands registered in one scope ("" global, else a guild ID).
type cmdScope struct {
	cmds    []*wireCommand
	creates []time.Time
	stats   CommandStats
}

// CommandStats counts the command registration requests of one scope that succeeded.
type CommandStats struct {
	// Puts counts bulk overwrites (PUT …/commands).
	Puts int
	// Posts, Patches and Deletes count single-command requests.
	Posts, Patches, Deletes int
	// Creates counts commands that were new to the scope (what the daily quota counts).
	Creates int
}

// scopeLocked returns the scope of guildID ("" for global), creating it.
func (s *Server) scopeLocked(guildID string) *cmdScope {
	a := s.appLocked()
	sc := a.scopes[guildID]
	if sc == nil {
		sc = &cmdScope{}
		a.scopes[guildID] = sc
	}
	return sc
}

// SetCommandCreateQuota sets the number of command creates allowed per scope in 24 hours
// (default DefaultCommandCreateQuota).
func (s *Server) SetCommandCreateQuota(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.appLocked().quota = n
}

// Commands returns the commands registered in a scope (guildID "" for global), in
// registration order.
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	raw := mustJSON(s.scopeLocked(guildID).cmds)
	s.mu.Unlock()
	var out []*discordgo.ApplicationCommand
	_ = json.Unmarshal(raw, &out)
	return out
}

// CommandStats returns the registration request counts of a scope (guildID "" for global).
func (s *Server) CommandStats(guildID string) CommandStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.scopeLocked(guildID).stats
}

// commandScopeLocked checks the application and guild of a commands route and returns
// the scope's guild ID.
func (s *Server) commandScopeLocked(c *call) (string, answer) {
	if c.param("app") != s.opts.BotID {
		return "", apiErr(http.StatusForbidden, 50001, "Missing Access")
	}
	gid := c.param("guild")
	if gid == "" {
		return "", nil
	}
	if g := s.w.guilds[gid]; g == nil || g.members[s.opts.BotID] == nil {
		return "", missingAccess()
	}
	return gid, nil
}

// listCommands answers GET /applications/{app}/commands and the guild variant.
func (s *Server) listCommands(c *call) {
	s.locked(c, func() answer {
		gid, fail := s.commandScopeLocked(c)
		if fail != nil {
			return fail
		}
		return okRaw(mustJSON(nonNil(s.scopeLocked(gid).cmds)))
	})
}

// putCommands answers the bulk overwrite PUT /applications/{app}/commands and the guild
// variant: validates the whole list, charges the create quota for commands new to the
// scope and replaces the scope, keeping the IDs of commands that stay.
func (s *Server) putCommands(c *call) {
	var cmds []*wireCommand
	if !c.decode(&cmds) {
		return
	}
	if ce := validateCommandList(cmds); ce != nil {
		commandFail(ce)(c)
		return
	}
	s.locked(c, func() answer {
		gid, fail := s.commandScopeLocked(c)
		if fail != nil {
			return fail
		}
		sc := s.scopeLocked(gid)
		fresh := 0
		for _, cmd := range cmds {
			if sc.find(cmd.Type, cmd.Name) < 0 {
				fresh++
			}
		}
		if fail := s.chargeCreatesLocked(sc, fresh); fail != nil {
			return fail
		}
		next := make([]*wireCommand, len(cmds))
		for i, cmd := range cmds {
			next[i] = s.storeCommandLocked(sc, gid, cmd)
		}
		sc.cmds = next
		sc.stats.Puts++
		return okRaw(mustJSON(nonNil(next)))
	})
}

// postCommand answers POST /applications/{app}/commands (and the guild variant): creates
// the command or, when its name exists in the scope, replaces it (201 or 200).
func (s *Server) postCommand(c *call) {
	var cmd wireCommand
	if !c.decode(&cmd) {
		return
	}
	if ce := validateCommand(nil, &cmd); ce != nil {
		commandFail(ce)(c)
		return
	}
	s.locked(c, func() answer {
		gid, fail := s.commandScopeLocked(c)
		if fail != nil {
			return fail
		}
		sc := s.scopeLocked(gid)
		i := sc.find(cmd.Type, cmd.Name)
		if i < 0 {
			if fail := s.checkCapLocked(sc, cmd.Type); fail != nil {
				return fail
			}
			if fail := s.chargeCreatesLocked(sc, 1); fail != nil {
				return fail
			}
		}
		stored := s.storeCommandLocked(sc, gid, &cmd)
		sc.stats.Posts++
		if i >= 0 {
			sc.cmds[i] = stored
			return okRaw(mustJSON(stored))
		}
		sc.cmds = append(sc.cmds, stored)
		return func(c *call) { c.raw(http.StatusCreated, mustJSON(stored)) }
	})
}

// getCommand answers GET /applications/{app}/commands/{command} and the guild variant.
func (s *Server) getCommand(c *call) {
	s.locked(c, func() answer {
		sc, i, fail := s.commandAtLocked(c)
		if fail != nil {
			return fail
		}
		return okRaw(mustJSON(sc.cmds[i]))
	})
}

// patchCommand answers PATCH /applications/{app}/commands/{command}: the fields present
// replace the stored ones, and the result must still be valid.
func (s *Server) patchCommand(c *call) {
	var patch map[string]json.RawMessage
	if !c.decode(&patch) {
		return
	}
	s.locked(c, func() answer {
		sc, i, fail := s.commandAtLocked(c)
		if fail != nil {
			return fail
		}
		merged, ce := mergeCommand(sc.cmds[i], patch)
		if ce != nil {
			return commandFail(ce)
		}
		if j := sc.find(merged.Type, merged.Name); j >= 0 && j != i {
			return commandFail(cmdErr([]string{"name"}, "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"))
		}
		merged.Version = s.ids.next()
		sc.cmds[i] = merged
		sc.stats.Patches++
		return okRaw(mustJSON(merged))
	})
}

// deleteCommand answers DELETE /applications/{app}/commands/{command}.
func (s *Server) deleteCommand(c *call) {
	s.locked(c, func() answer {
		sc, i, fail := s.commandAtLocked(c)
		if fail != nil {
			return fail
		}
		sc.cmds = slices.Delete(sc.cmds, i, i+1)
		sc.stats.Deletes++
		return noContent()
	})
}

// commandAtLocked finds the route's {command} in its scope.
func (s *Server) commandAtLocked(c *call) (*cmdScope, int, answer) {
	gid, fail := s.commandScopeLocked(c)
	if fail != nil {
		return nil, 0, fail
	}
	sc := s.scopeLocked(gid)
	for i, cmd := range sc.cmds {
		if cmd.ID == c.param("command") {
			return sc, i, nil
		}
	}
	return nil, 0, apiErr(http.StatusNotFound, 10063, "Unknown application command")
}

// mergeCommand applies a PATCH body to a copy of old and validates the result.
func mergeCommand(old *wireCommand, patch map[string]json.RawMessage) (*wireCommand, *CommandError) {
	base := map[string]json.RawMessage{}
	_ = json.Unmarshal(mustJSON(old), &base)
	for k, v := range patch {
		if k != "id" && k != "type" && k != "application_id" && k != "guild_id" {
			base[k] = v
		}
	}
	var merged wireCommand
	if err := json.Unmarshal(mustJSON(base), &merged); err != nil {
		return nil, cmdErr([]string{"_"}, "MODEL_TYPE_CONVERT", "Invalid command body")
	}
	if ce := validateCommand(nil, &merged); ce != nil {
		return nil, ce
	}
	return &merged, nil
}

// find returns the index of the command with type and name, or -1.
func (sc *cmdScope) find(typ int, name string) int {
	for i, c := range sc.cmds {
		if c.Type == typ && c.Name == name {
			return i
		}
	}
	return -1
}

// storeCommandLocked fills the server-side fields of cmd, keeping the ID of the scope's
// command with the same type and name.
func (s *Server) storeCommandLocked(sc *cmdScope, guildID string, cmd *wireCommand) *wireCommand {
	out := *cmd
	out.ApplicationID, out.GuildID, out.Version = s.opts.BotID, guildID, s.ids.next()
	if i := sc.find(cmd.Type, cmd.Name); i >= 0 {
		out.ID = sc.cmds[i].ID
	} else {
		out.ID = s.ids.next()
	}
	if len(out.DefaultMemberPermissions) == 0 {
		out.DefaultMemberPermissions = json.RawMessage("null")
	}
	return &out
}

// checkCapLocked refuses a new command of typ when the scope is full.
func (s *Server) checkCapLocked(sc *cmdScope, typ int) answer {
	counts := map[int]int{typ: 1}
	for _, c := range sc.cmds {
		counts[c.Type]++
	}
	if ce := checkCaps(counts); ce != nil {
		return commandFail(ce)
	}
	return nil
}

// chargeCreatesLocked counts n creates against the scope's daily quota, answering 429
// (code 30034) with retry_after when they do not fit.
func (s *Server) chargeCreatesLocked(sc *cmdScope, n int) answer {
	a := s.appLocked()
	now := a.now()
	sc.creates = slices.DeleteFunc(sc.creates, func(t time.Time) bool { return !now.Before(t.Add(createWindow)) })
	if n == 0 {
		return nil
	}
	if len(sc.creates)+n > a.quota {
		wait := createWindow
		if k := len(sc.creates) + n - a.quota - 1; k < len(sc.creates) {
			wait = sc.creates[k].Add(createWindow).Sub(now)
		}
		return quotaExceeded(wait, 30034, fmt.Sprintf("Max number of daily application command creates has been reached (%d)", a.quota))
	}
	for range n {
		sc.creates = append(sc.creates, now)
	}
	sc.stats.Creates += n
	return nil
}

// rateLimitBody is Discord's 429 body.
type rateLimitBody struct {
	Message    string  `json:"message"`
	RetryAfter float64 `json:"retry_after"`
	Global     bool    `json:"global"`
	Code       int     `json:"code,omitempty"`
}

// quotaExceeded answers 429 with retry_after (seconds) and the Retry-After header.
func quotaExceeded(wait time.Duration, code int, message string) answer {
	return func(c *call) {
		secs := math.Ceil(wait.Seconds()*1000) / 1000
		c.w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		c.w.Header().Set("X-RateLimit-Scope", "shared")
		c.json(http.StatusTooManyRequests, rateLimitBody{Message: message, RetryAfter: secs, Code: code})
	}
}

// commandFail answers a CommandError: 400 50035 with nested field errors, or the cap
// error 30032.
func commandFail(ce *CommandError) answer {
	if ce.Path == "" {
		code, _ := strconv.Atoi(ce.Code)
		return apiErr(http.StatusBadRequest, code, ce.Message)
	}
	return nestedFormErr(splitPath(ce.Path), ce.Code, ce.Message)
}

// nestedFormErr answers 400 50035 "Invalid Form Body" with Discord's nested error object,
// e.g. {"0":{"name":{"_errors":[…]}}}.
func nestedFormErr(path []string, code, message string) answer {
	var v any = map[string]any{"_errors": []map[string]string{{"code": code, "message": message}}}
	for i := len(path) - 1; i >= 0; i-- {
		v = map[string]any{path[i]: v}
	}
	errs, _ := v.(map[string]any)
	return func(c *call) {
		c.json(http.StatusBadRequest, apiError{Message: "Invalid Form Body", Code: 50035, Errors: errs})
	}
}

// splitPath splits a dotted field path.
func splitPath(p string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '.' {
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	return out
}

// okRaw answers 200 with an encoded body.
func okRaw(b []byte) answer { return func(c *call) { c.raw(http.StatusOK, b) } }

// nonNil returns s, or an empty slice for nil so it encodes as [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
