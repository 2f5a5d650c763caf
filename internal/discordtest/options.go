package discordtest

import (
	"time"

	"github.com/bwmarrin/discordgo"
)

// Application flags that enable privileged gateway intents (Discord's
// "limited" and full variants; either one enables the intent).
const (
	FlagGatewayPresence                    = 1 << 12
	FlagGatewayPresenceLimited             = 1 << 13
	FlagGatewayGuildMembers                = 1 << 14
	FlagGatewayGuildMembersLimited         = 1 << 15
	FlagGatewayMessageContent              = 1 << 18
	FlagGatewayMessageContentLimited       = 1 << 19
	defaultApplicationFlags                = FlagGatewayMessageContentLimited | FlagGatewayGuildMembersLimited
	defaultHeartbeatInterval               = 41250 * time.Millisecond
	defaultToken                           = "emulator-token"
	defaultBotID                           = "100000000000000001"
	defaultBotName                         = "cogd"
	defaultOwnerID                         = "100000000000000002"
	recordCap                              = 10000
	sessionBufferCap                       = 4096
	channelMessageCap                      = 10000
	maxDetachedSessions                    = 32
	subscriberBuffer                       = 1024
	maxRequestBody                         = 8 << 20
	discordEpochMillis               int64 = 1420070400000
)

// Options configures a Server. The zero value is usable: every empty field
// takes the default documented on it.
type Options struct {
	// Token is the accepted bot token without the "Bot " prefix; default "emulator-token".
	// REST requires "Authorization: Bot <token>", the gateway IDENTIFY accepts it with or without the prefix.
	Token string
	// BotID is the bot user's snowflake; default "100000000000000001".
	BotID string
	// BotName is the bot user's username; default "cogd".
	BotName string
	// ApplicationFlags is reported by GET /oauth2/applications/@me and READY, and decides which
	// privileged intents IDENTIFY may request; default GatewayMessageContentLimited|GatewayGuildMembersLimited.
	ApplicationFlags int
	// OwnerID is the application owner's user ID; default the demo owner "100000000000000002".
	OwnerID string
	// HeartbeatInterval is sent in HELLO; default 41.25s.
	HeartbeatInterval time.Duration
	// FullMemberList makes GUILD_CREATE carry every member. When false (the default) it carries
	// only the bot, like real Discord without the presences intent.
	FullMemberList bool
	// Shards is the shard count recommended by GET /gateway/bot; default 1.
	Shards int
	// MaxConcurrency is session_start_limit.max_concurrency of GET /gateway/bot; default 1.
	MaxConcurrency int
	// IdentifyWindow enforces Discord's start pacing: two IDENTIFYs with
	// the same rate-limit key (shard_id % MaxConcurrency) less than this
	// apart get INVALID_SESSION (op 9) instead of READY. 0 disables; Discord
	// uses 5 s.
	IdentifyWindow time.Duration
	// MaxGuildsPerShard closes an IDENTIFY with 4011 (sharding required)
	// when its shard would hold more guilds; 0 means no limit (Discord: 2500).
	MaxGuildsPerShard int
	// NoRecord disables the recording of frames and requests (unknown routes are still
	// recorded); use it in benchmarks.
	NoRecord bool
	// Logf, when set, receives debug logs.
	Logf func(format string, args ...any)
}

// withDefaults returns o with every empty field set to its default.
func (o Options) withDefaults() Options {
	if o.Token == "" {
		o.Token = defaultToken
	}
	if o.BotID == "" {
		o.BotID = defaultBotID
	}
	if o.BotName == "" {
		o.BotName = defaultBotName
	}
	if o.ApplicationFlags == 0 {
		o.ApplicationFlags = defaultApplicationFlags
	}
	if o.OwnerID == "" {
		o.OwnerID = defaultOwnerID
	}
	if o.HeartbeatInterval <= 0 {
		o.HeartbeatInterval = defaultHeartbeatInterval
	}
	if o.Shards <= 0 {
		o.Shards = 1
	}
	if o.MaxConcurrency <= 0 {
		o.MaxConcurrency = 1
	}
	return o
}

// allowedIntents returns the intents an IDENTIFY may request given the application flags.
func (o Options) allowedIntents() discordgo.Intent {
	allowed := discordgo.Intent(^0) &^ privilegedIntents
	if o.ApplicationFlags&(FlagGatewayPresence|FlagGatewayPresenceLimited) != 0 {
		allowed |= discordgo.IntentGuildPresences
	}
	if o.ApplicationFlags&(FlagGatewayGuildMembers|FlagGatewayGuildMembersLimited) != 0 {
		allowed |= discordgo.IntentGuildMembers
	}
	if o.ApplicationFlags&(FlagGatewayMessageContent|FlagGatewayMessageContentLimited) != 0 {
		allowed |= discordgo.IntentMessageContent
	}
	return allowed
}

// privilegedIntents are the intents that need an application flag.
const privilegedIntents = discordgo.IntentGuildMembers | discordgo.IntentGuildPresences | discordgo.IntentMessageContent

// logf logs through Options.Logf when it is set.
func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf(format, args...)
	}
}
