package discordtest

import (
	"context"
	"fmt"
	"sort"

	"github.com/bwmarrin/discordgo"
)

// Click is a click on a message component of a bot message: a button, or a select menu
// with Values chosen. Message may be an ephemeral message of an interaction response.
type Click struct {
	// Channel and Message locate the message; User is who clicks.
	Channel, Message, User string
	// CustomID is the component's custom_id.
	CustomID string
	// Values are the options chosen in a select menu.
	Values []string
	// Locale is the user's locale; default "en-US".
	Locale string
}

// Modal is the submission of a modal the bot opened: Values maps each text input's
// custom_id to the text typed.
type Modal struct {
	// Channel and User say where and by whom the modal is submitted.
	Channel, User string
	// CustomID is the modal's custom_id.
	CustomID string
	// Values maps text input custom_ids to their values.
	Values map[string]string
	// Locale is the user's locale; default "en-US".
	Locale string
}

// wireComponentData is the data of a MESSAGE_COMPONENT interaction.
type wireComponentData struct {
	CustomID      string   `json:"custom_id"`
	ComponentType int      `json:"component_type"`
	Values        []string `json:"values,omitempty"`
}

// wireModalData is the data of a MODAL_SUBMIT interaction.
type wireModalData struct {
	CustomID   string         `json:"custom_id"`
	Components []wireModalRow `json:"components"`
}

// wireModalRow is an action row of submitted text inputs.
type wireModalRow struct {
	Type       int              `json:"type"`
	Components []wireModalInput `json:"components"`
}

// wireModalInput is one submitted text input.
type wireModalInput struct {
	Type     int    `json:"type"`
	CustomID string `json:"custom_id"`
	Value    string `json:"value"`
}

// ClickButton sends a MESSAGE_COMPONENT interaction for the enabled component with
// custom_id on a message the bot sent (in the channel, or ephemeral).
func (s *Server) ClickButton(ctx context.Context, in Click) (*Interaction, error) {
	s.mu.Lock()
	msg, typ, err := s.componentLocked(in)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	data := &wireComponentData{CustomID: in.CustomID, ComponentType: int(typ), Values: in.Values}
	if typ != discordgo.ButtonComponent && data.Values == nil {
		data.Values = []string{}
	}
	return s.dispatchInteraction(ctx, ixInput{kind: ixMessageComponent, channelID: in.Channel, userID: in.User,
		locale: in.Locale, data: data, message: msg, sourceID: msg.ID})
}

// componentLocked finds the clicked message and component.
func (s *Server) componentLocked(in Click) (*discordgo.Message, discordgo.ComponentType, error) {
	msg := s.appLocked().private[in.Message]
	if c := s.w.channels[in.Channel]; msg == nil && c != nil {
		if i := c.findMessage(in.Message); i >= 0 {
			msg = c.msgs[i]
		}
	}
	if msg == nil || msg.ChannelID != in.Channel {
		return nil, 0, fmt.Errorf("discordtest: click on message %s: %w", in.Message, ErrUnknownComponent)
	}
	if msg.Author == nil || msg.Author.ID != s.opts.BotID {
		return nil, 0, fmt.Errorf("discordtest: message %s is not the bot's: %w", in.Message, ErrUnknownComponent)
	}
	if typ, ok := findComponent(msg.Components, in.CustomID); ok {
		return msg, typ, nil
	}
	return nil, 0, fmt.Errorf("discordtest: no enabled component %q on message %s: %w", in.CustomID, in.Message, ErrUnknownComponent)
}

// findComponent returns the type of the enabled component with customID.
func findComponent(cs []discordgo.MessageComponent, customID string) (discordgo.ComponentType, bool) {
	for _, c := range cs {
		switch v := c.(type) {
		case *discordgo.ActionsRow:
			if t, ok := findComponent(v.Components, customID); ok {
				return t, true
			}
		case *discordgo.Button:
			if v.CustomID == customID && !v.Disabled {
				return discordgo.ButtonComponent, true
			}
		case *discordgo.SelectMenu:
			if v.CustomID == customID && !v.Disabled {
				return v.Type(), true
			}
		}
	}
	return 0, false
}

// SubmitModal sends a MODAL_SUBMIT interaction with the text inputs' values.
func (s *Server) SubmitModal(ctx context.Context, in Modal) (*Interaction, error) {
	keys := make([]string, 0, len(in.Values))
	for k := range in.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	data := &wireModalData{CustomID: in.CustomID, Components: []wireModalRow{}}
	for _, k := range keys {
		data.Components = append(data.Components, wireModalRow{Type: int(discordgo.ActionsRowComponent),
			Components: []wireModalInput{{Type: int(discordgo.TextInputComponent), CustomID: k, Value: in.Values[k]}}})
	}
	return s.dispatchInteraction(ctx, ixInput{kind: ixModalSubmit, channelID: in.Channel, userID: in.User,
		locale: in.Locale, data: data})
}
