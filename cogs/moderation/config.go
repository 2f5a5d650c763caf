package moderation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"cogd/cogs/moderation/modstore"
	"cogd/internal/bot"
	"cogd/internal/command"
)

// Limits of the settings.
const (
	maxPrefixLen       = 10
	maxWelcomeLen      = 1000
	maxEscalationSteps = 10
	maxThreshold       = 1000
	maxDecayDays       = 3650
)

// configCommand is `config` and its subcommands, all needing Manage
// Server.
func (c *Cog) configCommand() *command.Command {
	return guarded(&command.Command{Name: "config", Description: "Shows or changes this server's moderation settings.",
		Examples: []string{"config show", "config escalation 3 timeout 1h", "config welcome #welcome Hi {user}!"},
		Subcommands: []*command.Command{
			guarded(&command.Command{Name: "show", Description: "Shows the settings.", BotPermissions: permEmbed, Run: c.run(configShow)}),
			guarded(&command.Command{Name: "prefix", Description: "Sets the command prefix (reset: the default).",
				Params: []command.Param{command.String("prefix", "the new prefix").MaxLen(maxPrefixLen)}, Run: c.run(configPrefix),
				Subcommands: []*command.Command{guarded(&command.Command{Name: "reset", Description: "Goes back to the default prefix.", Run: c.run(prefixReset)})}}),
			c.welcomeCommand(), c.escalationCommand(), c.unknownCommand(),
			guarded(&command.Command{Name: "decay", Description: "Sets how many days a warning counts (0: forever).",
				Params: []command.Param{command.Int("days", "days").Min(0).Max(maxDecayDays)}, Run: c.run(configDecay)}),
		}})
}

// welcomeCommand is `config welcome #channel [message…]` and `config
// welcome off`.
func (c *Cog) welcomeCommand() *command.Command {
	return guarded(&command.Command{Name: "welcome", Description: "Sets the welcome channel and message ({user} {server} {count}).",
		Params: []command.Param{command.TextChannel("channel", "where to welcome new members"),
			command.String("message", "the welcome message").Rest().MaxLen(maxWelcomeLen).Optional("")},
		Run: c.run(configWelcome),
		Subcommands: []*command.Command{guarded(&command.Command{Name: "off", Description: "Stops welcoming new members.",
			Run: c.run(welcomeOff)})}})
}

// escalationCommand is `config escalation <points> <action> [duration]`
// and `config escalation clear`.
func (c *Cog) escalationCommand() *command.Command {
	action := command.Custom("action", "timeout, kick, ban or off", convertStepAction)
	return guarded(&command.Command{Name: "escalation", Description: "Sets what reaching a number of warning points does.",
		Examples: []string{"config escalation 3 timeout 1h", "config escalation 5 kick", "config escalation 7 ban", "config escalation 5 off"},
		Params: []command.Param{command.Int("points", "active warning points").Min(1).Max(maxThreshold), action,
			command.Duration("duration", "for a timeout (required) or a temporary ban").Optional(0)},
		Run: c.run(configEscalation),
		Subcommands: []*command.Command{guarded(&command.Command{Name: "clear", Description: "Removes every escalation step.",
			Run: c.run(escalationClear)})}})
}

// unknownCommand is `config unknown reply|suggest|silent`.
func (c *Cog) unknownCommand() *command.Command {
	policy := command.Custom("policy", "suggest (typos only), reply (every word) or silent (only when mentioned)", convertUnknownPolicy).
		Choices(unknownChoices()...)
	return guarded(&command.Command{Name: "unknown", Description: "Sets what the bot answers to an unknown command.",
		Examples: []string{"config unknown suggest", "config unknown silent"},
		Params:   []command.Param{policy}, Run: c.run(configUnknown)})
}

// unknownChoices are the policies as typed.
func unknownChoices() []string {
	var out []string
	for _, p := range bot.UnknownPolicies() {
		out = append(out, string(p))
	}
	return out
}

// convertUnknownPolicy reads an unknown-command policy.
func convertUnknownPolicy(_ context.Context, _ *command.Context, arg string) (bot.UnknownPolicy, error) {
	if p, ok := bot.ParseUnknownPolicy(arg); ok && arg != "" {
		return p, nil
	}
	return "", command.BadArgument("is not " + strings.Join(unknownChoices(), ", ") + ": choose one of them")
}

// configUnknown answers `config unknown <policy>`.
func configUnknown(ctx context.Context, s *service, cx *command.Context) error {
	p, _ := command.Value[bot.UnknownPolicy](cx, "policy")
	answer := unknownAnswer(p, cx.Prefix)
	_, err := s.updateSettings(ctx, cx.GuildID(), func(set *modstore.Settings) error {
		set.UnknownCommands = string(p)
		return nil
	})
	if err != nil {
		return err
	}
	if s.prefixes != nil {
		s.prefixes.Invalidate(cx.GuildID()) // the bot caches the policy with the prefix
	}
	return cx.Reply(ctx, answer)
}

// unknownAnswer is the reply to `config unknown p`: what p means.
func unknownAnswer(p bot.UnknownPolicy, prefix string) string {
	switch p {
	case bot.UnknownReply:
		return "I now answer every unknown command that is a word (letters only), with a suggestion when there is one, and anything after a mention of me."
	case bot.UnknownSilent:
		return "I now answer unknown commands only when I am mentioned."
	}
	return "I now answer an unknown command only when it looks like a typo of one (`" + prefix + "wran` → `" + prefix +
		"warn`), or when I am mentioned."
}

// guarded makes cmd guild-only and restricted to Manage Server.
func guarded(cmd *command.Command) *command.Command {
	cmd.GuildOnly, cmd.Permissions = true, permGuild
	return cmd
}

// convertStepAction reads an escalation action; "off" removes a step.
func convertStepAction(_ context.Context, _ *command.Context, arg string) (modstore.Action, error) {
	switch a := strings.ToLower(arg); a {
	case "timeout", "mute", "kick", "ban":
		if a == "mute" {
			a = "timeout"
		}
		return modstore.Action(a), nil
	case "off", "none", "remove":
		return "", nil
	}
	return "", command.BadArgument("is not timeout, kick, ban or off")
}

// configPrefix answers `config prefix <p>`.
func configPrefix(ctx context.Context, s *service, cx *command.Context) error {
	p := cx.String("prefix")
	if err := command.ValidPrefix(p); err != nil {
		return err
	}
	return s.savePrefix(ctx, cx, p, "The prefix is now `"+p+"`.")
}

// prefixReset answers `config prefix reset`.
func prefixReset(ctx context.Context, s *service, cx *command.Context) error {
	return s.savePrefix(ctx, cx, "", "The prefix is back to the default.")
}

// savePrefix stores the prefix and tells the bot's prefix cache.
func (s *service) savePrefix(ctx context.Context, cx *command.Context, prefix, answer string) error {
	_, err := s.updateSettings(ctx, cx.GuildID(), func(set *modstore.Settings) error {
		set.Prefix = prefix
		return nil
	})
	if err != nil {
		return err
	}
	if s.prefixes != nil {
		s.prefixes.Invalidate(cx.GuildID())
	}
	return cx.Reply(ctx, answer)
}

// configWelcome answers `config welcome #channel [message…]`.
func configWelcome(ctx context.Context, s *service, cx *command.Context) error {
	ch, msg := cx.Channel("channel"), cx.String("message")
	if err := s.canPost(ctx, cx.GuildID(), ch); err != nil {
		return err
	}
	answer := "New members will be welcomed in " + channelMention(ch.ID) + "."
	return s.configure(ctx, cx, answer, func(set *modstore.Settings) error {
		set.WelcomeChannelID = ch.ID
		if msg != "" {
			set.WelcomeMessage = msg
		}
		return nil
	})
}

// welcomeOff answers `config welcome off`.
func welcomeOff(ctx context.Context, s *service, cx *command.Context) error {
	return s.configure(ctx, cx, "Welcome messages are off (a channel named #welcome is no longer used either).",
		func(set *modstore.Settings) error {
			set.WelcomeChannelID = welcomeDisabled
			return nil
		})
}

// configDecay answers `config decay <days>`.
func configDecay(ctx context.Context, s *service, cx *command.Context) error {
	days := cx.Int("days")
	answer := "Warnings now count for " + plural(days, "day") + "."
	if days == 0 {
		answer = "Warnings now count forever."
	}
	return s.configure(ctx, cx, answer, func(set *modstore.Settings) error {
		set.WarnDecayDays = days
		return nil
	})
}

// configEscalation answers `config escalation <points> <action> [duration]`.
func configEscalation(ctx context.Context, s *service, cx *command.Context) error {
	action, _ := command.Value[modstore.Action](cx, "action")
	step := modstore.EscalationStep{Points: cx.Int("points"), Action: action, Duration: cx.Duration("duration")}
	if err := checkStep(step); err != nil {
		return err
	}
	answer := fmt.Sprintf("Reaching %s now means %s.", plural(step.Points, "point"), stepText(step))
	if step.Action == "" {
		answer = fmt.Sprintf("Reaching %s no longer does anything.", plural(step.Points, "point"))
	}
	return s.configure(ctx, cx, answer, func(set *modstore.Settings) error {
		set.Escalation = withStep(set.Escalation, step)
		if len(set.Escalation) > maxEscalationSteps {
			return command.Errorf("At most %d escalation steps.", maxEscalationSteps)
		}
		return nil
	})
}

// escalationClear answers `config escalation clear`.
func escalationClear(ctx context.Context, s *service, cx *command.Context) error {
	return s.configure(ctx, cx, "Warnings no longer escalate.", func(set *modstore.Settings) error {
		set.Escalation = nil
		return nil
	})
}

// checkStep refuses a step Discord or the store would refuse.
func checkStep(st modstore.EscalationStep) error {
	switch {
	case st.Action == modstore.ActionTimeout && st.Duration == 0:
		return &command.UserError{Msg: "A timeout needs a duration, e.g. `timeout 1h`."}
	case st.Action == modstore.ActionTimeout && st.Duration > maxTimeout:
		return &command.UserError{Msg: "A timeout lasts at most 28 days."}
	case st.Action == modstore.ActionKick && st.Duration > 0:
		return &command.UserError{Msg: "A kick has no duration."}
	}
	return nil
}

// withStep returns the policy with st replacing the step at its threshold
// (removing it when st has no action).
func withStep(p modstore.EscalationPolicy, st modstore.EscalationStep) modstore.EscalationPolicy {
	out := slices.DeleteFunc(slices.Clone(p), func(o modstore.EscalationStep) bool { return o.Points == st.Points })
	if st.Action != "" {
		st.Duration = st.Duration.Truncate(time.Second)
		out = append(out, st)
	}
	return out
}

// configShow answers `config show`.
func configShow(ctx context.Context, s *service, cx *command.Context) error {
	set, err := s.settings(ctx, cx.GuildID())
	if err != nil {
		return err
	}
	prefix := set.Prefix
	if prefix == "" {
		prefix = cx.Prefix
	}
	return cx.ReplyEmbed(ctx, settingsEmbed(set, prefix))
}
