package discordtest

import "strings"

// handler answers a REST call.
type handler func(s *Server, c *call)

// route is one REST endpoint: method and path pattern with {name} segments.
type route struct {
	method  string
	pattern string
	parts   []string
	h       handler
}

// routeTable lists every REST endpoint the emulator implements.
func routeTable() []route {
	rs := []route{
		{method: "GET", pattern: "/gateway", h: (*Server).getGateway},
		{method: "GET", pattern: "/gateway/bot", h: (*Server).getGatewayBot},
		{method: "GET", pattern: "/users/@me", h: (*Server).getMe},
		{method: "GET", pattern: "/users/{user}", h: (*Server).getUser},
		{method: "POST", pattern: "/users/@me/channels", h: (*Server).createDM},
		{method: "GET", pattern: "/users/@me/guilds", h: (*Server).getMyGuilds},
		{method: "GET", pattern: "/oauth2/applications/@me", h: (*Server).getApplication},
		{method: "GET", pattern: "/applications/@me", h: (*Server).getApplication},
		{method: "GET", pattern: "/channels/{channel}", h: (*Server).getChannel},
		{method: "GET", pattern: "/channels/{channel}/messages", h: (*Server).listMessages},
		{method: "POST", pattern: "/channels/{channel}/messages", h: (*Server).postMessage},
		{method: "POST", pattern: "/channels/{channel}/messages/bulk-delete", h: (*Server).bulkDelete},
		{method: "GET", pattern: "/channels/{channel}/messages/{message}", h: (*Server).getMessage},
		{method: "PATCH", pattern: "/channels/{channel}/messages/{message}", h: (*Server).editMessage},
		{method: "DELETE", pattern: "/channels/{channel}/messages/{message}", h: (*Server).deleteMessage},
		{method: "PUT", pattern: "/channels/{channel}/messages/{message}/reactions/{emoji}/@me", h: (*Server).react},
		{method: "DELETE", pattern: "/channels/{channel}/messages/{message}/reactions/{emoji}/@me", h: (*Server).unreact},
		{method: "GET", pattern: "/channels/{channel}/pins", h: (*Server).listPins},
		{method: "PUT", pattern: "/channels/{channel}/pins/{message}", h: (*Server).pin},
		{method: "DELETE", pattern: "/channels/{channel}/pins/{message}", h: (*Server).unpin},
		{method: "POST", pattern: "/channels/{channel}/typing", h: (*Server).typing},
		{method: "GET", pattern: "/guilds/{guild}", h: (*Server).getGuild},
		{method: "GET", pattern: "/guilds/{guild}/channels", h: (*Server).getGuildChannels},
		{method: "GET", pattern: "/guilds/{guild}/roles", h: (*Server).getGuildRoles},
		{method: "GET", pattern: "/guilds/{guild}/members", h: (*Server).listMembers},
		{method: "GET", pattern: "/guilds/{guild}/members/search", h: (*Server).searchMembers},
		{method: "GET", pattern: "/guilds/{guild}/members/{user}", h: (*Server).getMember},
		{method: "PATCH", pattern: "/guilds/{guild}/members/{user}", h: (*Server).editMember},
		{method: "DELETE", pattern: "/guilds/{guild}/members/{user}", h: (*Server).kickMember},
		{method: "PUT", pattern: "/guilds/{guild}/members/{user}/roles/{role}", h: (*Server).addMemberRole},
		{method: "DELETE", pattern: "/guilds/{guild}/members/{user}/roles/{role}", h: (*Server).removeMemberRole},
		{method: "GET", pattern: "/guilds/{guild}/bans", h: (*Server).listBans},
		{method: "GET", pattern: "/guilds/{guild}/bans/{user}", h: (*Server).getBan},
		{method: "PUT", pattern: "/guilds/{guild}/bans/{user}", h: (*Server).createBan},
		{method: "DELETE", pattern: "/guilds/{guild}/bans/{user}", h: (*Server).removeBan},
	}
	rs = append(rs, interactionRoutes()...)
	for i := range rs {
		rs[i].parts = strings.Split(strings.Trim(rs[i].pattern, "/"), "/")
	}
	return rs
}

// lookupRoute finds the endpoint for method and path (after /api/vN), preferring literal
// segments over parameters.
func (s *Server) lookupRoute(method, path string) (h handler, params map[string]string, pattern string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	best := -1
	for _, rt := range s.table {
		if rt.method != method || len(rt.parts) != len(parts) {
			continue
		}
		if score, ok := rt.match(parts); ok && score > best {
			best, h, pattern = score, rt.h, rt.pattern
		}
	}
	if h == nil {
		return nil, nil, ""
	}
	return h, bind(pattern, parts), pattern
}

// match reports whether parts fit the route, scoring the literal segments.
func (rt *route) match(parts []string) (score int, ok bool) {
	for i, p := range rt.parts {
		if isParam(p) {
			if parts[i] == "" {
				return 0, false
			}
			continue
		}
		if p != parts[i] {
			return 0, false
		}
		score++
	}
	return score, true
}

// isParam reports whether a pattern segment is a {name} parameter.
func isParam(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

// bind maps the pattern's parameter names to the path's segments.
func bind(pattern string, parts []string) map[string]string {
	params := map[string]string{}
	for i, p := range strings.Split(strings.Trim(pattern, "/"), "/") {
		if isParam(p) {
			params[p[1:len(p)-1]] = parts[i]
		}
	}
	return params
}
