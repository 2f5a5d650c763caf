package discordtest

import "strings"

// interactionRoutes lists the application command, interaction callback and interaction
// webhook endpoints.
func interactionRoutes() []route {
	var rs []route
	for _, scope := range []string{"/applications/{app}", "/applications/{app}/guilds/{guild}"} {
		rs = append(rs,
			route{method: "GET", pattern: scope + "/commands", h: (*Server).listCommands},
			route{method: "PUT", pattern: scope + "/commands", h: (*Server).putCommands},
			route{method: "POST", pattern: scope + "/commands", h: (*Server).postCommand},
			route{method: "GET", pattern: scope + "/commands/{command}", h: (*Server).getCommand},
			route{method: "PATCH", pattern: scope + "/commands/{command}", h: (*Server).patchCommand},
			route{method: "DELETE", pattern: scope + "/commands/{command}", h: (*Server).deleteCommand},
		)
	}
	return append(rs,
		route{method: "POST", pattern: "/interactions/{interaction}/{token}/callback", h: (*Server).interactionCallback},
		route{method: "POST", pattern: "/webhooks/{app}/{token}", h: (*Server).executeWebhook},
		route{method: "GET", pattern: "/webhooks/{app}/{token}/messages/{message}", h: (*Server).getWebhookMessage},
		route{method: "PATCH", pattern: "/webhooks/{app}/{token}/messages/{message}", h: (*Server).editWebhookMessage},
		route{method: "DELETE", pattern: "/webhooks/{app}/{token}/messages/{message}", h: (*Server).deleteWebhookMessage},
	)
}

// tokenAuthenticated reports whether a route is authenticated by the interaction token in
// its path (no bot Authorization header needed, as on Discord).
func tokenAuthenticated(pattern string) bool {
	return strings.HasPrefix(pattern, "/interactions/") || strings.HasPrefix(pattern, "/webhooks/")
}
