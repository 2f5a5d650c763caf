package discordtest

import "net/http"

// gatewayBot is the GET /gateway/bot body.
type gatewayBot struct {
	URL               string            `json:"url"`
	Shards            int               `json:"shards"`
	SessionStartLimit sessionStartLimit `json:"session_start_limit"`
}

// sessionStartLimit is the session_start_limit object.
type sessionStartLimit struct {
	Total          int `json:"total"`
	Remaining      int `json:"remaining"`
	ResetAfter     int `json:"reset_after"`
	MaxConcurrency int `json:"max_concurrency"`
}

// application is the GET /oauth2/applications/@me body.
type application struct {
	ID                  string    `json:"id"`
	Name                string    `json:"name"`
	Icon                *string   `json:"icon"`
	Description         string    `json:"description"`
	BotPublic           bool      `json:"bot_public"`
	BotRequireCodeGrant bool      `json:"bot_require_code_grant"`
	Owner               *wireUser `json:"owner"`
	Team                *struct{} `json:"team"`
	VerifyKey           string    `json:"verify_key"`
	Flags               int       `json:"flags"`
	Bot                 *wireUser `json:"bot,omitempty"`
}

// partialGuild is an entry of GET /users/@me/guilds.
type partialGuild struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Icon        *string  `json:"icon"`
	Owner       bool     `json:"owner"`
	Permissions string   `json:"permissions"`
	Features    []string `json:"features"`
}

// getGateway answers GET /gateway.
func (s *Server) getGateway(c *call) {
	c.json(http.StatusOK, map[string]string{"url": s.GatewayURL()})
}

// getGatewayBot answers GET /gateway/bot.
func (s *Server) getGatewayBot(c *call) {
	s.mu.Lock()
	used := s.identifies
	s.mu.Unlock()
	limit := sessionStartLimit{Total: 1000, Remaining: max(1000-used, 0), ResetAfter: 86400000, MaxConcurrency: s.opts.MaxConcurrency}
	c.json(http.StatusOK, gatewayBot{URL: s.GatewayURL(), Shards: s.opts.Shards, SessionStartLimit: limit})
}

// getMe answers GET /users/@me.
func (s *Server) getMe(c *call) {
	s.mu.Lock()
	u := readyUser{wireUser: *s.userLocked(s.opts.BotID), Verified: true}
	s.mu.Unlock()
	c.json(http.StatusOK, u)
}

// getUser answers GET /users/{user}.
func (s *Server) getUser(c *call) {
	s.locked(c, func() answer {
		u := s.w.users[c.param("user")]
		if u == nil {
			return unknownUser()
		}
		return ok(wireUserOf(u))
	})
}

// getApplication answers GET /oauth2/applications/@me.
func (s *Server) getApplication(c *call) {
	s.mu.Lock()
	app := application{
		ID: s.opts.BotID, Name: s.opts.BotName, BotPublic: true, Flags: s.opts.ApplicationFlags,
		Owner: s.userLocked(s.opts.OwnerID), Bot: s.userLocked(s.opts.BotID), VerifyKey: "0000",
	}
	s.mu.Unlock()
	c.json(http.StatusOK, app)
}

// getMyGuilds answers GET /users/@me/guilds.
func (s *Server) getMyGuilds(c *call) {
	s.mu.Lock()
	out := []partialGuild{}
	for _, id := range s.w.guildIDs {
		g := s.w.guilds[id]
		if g.members[s.opts.BotID] != nil {
			out = append(out, partialGuild{ID: id, Name: g.Name, Owner: g.OwnerID == s.opts.BotID,
				Permissions: itoa64(s.botGuildPermsLocked(g)), Features: []string{}})
		}
	}
	s.mu.Unlock()
	c.json(http.StatusOK, out)
}

// createDM answers POST /users/@me/channels {recipient_id}.
func (s *Server) createDM(c *call) {
	var in struct {
		RecipientID string `json:"recipient_id"`
	}
	if !c.decode(&in) {
		return
	}
	s.locked(c, func() answer {
		if s.w.users[in.RecipientID] == nil {
			return formErr("recipient_id", "NUMBER_TYPE_COERCE", "Value \""+in.RecipientID+"\" is not snowflake.")
		}
		return ok(s.channelLocked(s.dmLocked(in.RecipientID)))
	})
}
