package command

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Group is a cog's set of commands as registered in a Table.
type Group struct {
	// Name and Description are the cog's.
	Name, Description string
	// Commands are the cog's top-level commands.
	Commands []*Command
	// Checks apply to every command of the group, before the command's own.
	Checks []Check
}

// Table is an immutable lookup table of commands grouped by cog. It holds
// copies of the commands it was built from; it is safe for concurrent use.
type Table struct {
	groups   []Group
	commands []*Command
	index    map[string]*Command
	keys     []suggestKey
}

// suggestKey is a visible name or alias considered by Suggest.
type suggestKey struct {
	key string
	cmd *Command
}

// NewTable copies groups' commands (recursively), sets their cog, parent
// and cog-level checks, and indexes names and aliases case-insensitively.
// Duplicate names or aliases — across all groups, and among the
// subcommands of one parent — are an error naming both owners, as are
// malformed commands (empty or spaced names, no Run and no subcommands,
// duplicate parameter names, a parameter after a Rest one).
func NewTable(groups []Group) (*Table, error) {
	t := &Table{index: make(map[string]*Command)}
	seen := make(map[string]bool)
	for _, g := range groups {
		if g.Name == "" || seen[foldKey(g.Name)] {
			return nil, fmt.Errorf("command table: group name %q empty or duplicated", g.Name)
		}
		seen[foldKey(g.Name)] = true
		copied, err := t.addGroup(g)
		if err != nil {
			return nil, err
		}
		t.groups = append(t.groups, copied)
	}
	return t, nil
}

func (t *Table) addGroup(g Group) (Group, error) {
	out := g
	out.Commands = make([]*Command, 0, len(g.Commands))
	for _, cmd := range g.Commands {
		cp, err := copyCommand(cmd, nil, g)
		if err != nil {
			return Group{}, err
		}
		if err := register(t.index, cp); err != nil {
			return Group{}, err
		}
		t.commands = append(t.commands, cp)
		out.Commands = append(out.Commands, cp)
		t.addSuggestKeys(cp)
	}
	return out, nil
}

func (t *Table) addSuggestKeys(cmd *Command) {
	if cmd.Hidden {
		return
	}
	for _, k := range append([]string{cmd.Name}, cmd.Aliases...) {
		t.keys = append(t.keys, suggestKey{key: foldKey(k), cmd: cmd})
	}
}

// copyCommand copies cmd and its subcommands, validating each.
func copyCommand(cmd *Command, parent *Command, g Group) (*Command, error) {
	if cmd == nil {
		return nil, fmt.Errorf("command table: nil command in group %s", g.Name)
	}
	cp := *cmd
	cp.cog, cp.parent, cp.groupChecks = g.Name, parent, g.Checks
	if err := validate(&cp); err != nil {
		return nil, err
	}
	cp.Aliases = append([]string(nil), cmd.Aliases...)
	cp.Subcommands = make([]*Command, 0, len(cmd.Subcommands))
	if len(cmd.Subcommands) > 0 {
		cp.subs = make(map[string]*Command)
	}
	for _, sub := range cmd.Subcommands {
		sc, err := copyCommand(sub, &cp, g)
		if err != nil {
			return nil, err
		}
		if err := register(cp.subs, sc); err != nil {
			return nil, err
		}
		cp.Subcommands = append(cp.Subcommands, sc)
	}
	return &cp, nil
}

// register indexes cmd's name and aliases in index.
func register(index map[string]*Command, cmd *Command) error {
	for _, name := range append([]string{cmd.Name}, cmd.Aliases...) {
		key := foldKey(name)
		if other, dup := index[key]; dup {
			return fmt.Errorf("command table: %q of %s clashes with %s", name, owner(cmd), owner(other))
		}
		index[key] = cmd
	}
	return nil
}

// owner names a command for error messages: "moderation/warn".
func owner(cmd *Command) string {
	return cmd.cog + "/" + cmd.QualifiedName()
}

func validate(cmd *Command) error {
	for _, name := range append([]string{cmd.Name}, cmd.Aliases...) {
		if name == "" || strings.IndexFunc(name, unicode.IsSpace) >= 0 {
			return fmt.Errorf("command table: %s: bad name or alias %q", owner(cmd), name)
		}
	}
	if cmd.Run == nil && len(cmd.Subcommands) == 0 {
		return fmt.Errorf("command table: %s: no Run and no subcommands", owner(cmd))
	}
	return validateParams(cmd)
}

func validateParams(cmd *Command) error {
	names := make(map[string]bool)
	for i, p := range cmd.Params {
		if p == nil {
			return fmt.Errorf("command table: %s: nil parameter %d", owner(cmd), i)
		}
		in := p.Info()
		if in.Name == "" || names[in.Name] {
			return fmt.Errorf("command table: %s: parameter name %q empty or duplicated", owner(cmd), in.Name)
		}
		names[in.Name] = true
		if in.Rest && i != len(cmd.Params)-1 {
			return fmt.Errorf("command table: %s: rest parameter %q must be last", owner(cmd), in.Name)
		}
	}
	return nil
}

// Find returns the top-level command called name (case-insensitive, name
// or alias), or nil. It does not allocate for names up to 64 bytes.
func (t *Table) Find(name string) *Command {
	return lookup(t.index, name)
}

// Resolve descends from cmd into subcommands by the next words of args and
// returns the deepest command matched and the raw args after it.
func (t *Table) Resolve(cmd *Command, args string) (*Command, string) {
	for cmd != nil && cmd.subs != nil {
		rest := args[skipSpace(args, 0):]
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			end = len(rest)
		}
		sub := lookup(cmd.subs, rest[:end])
		if sub == nil {
			break
		}
		cmd, args = sub, rest[end:][skipSpace(rest[end:], 0):]
	}
	return cmd, args
}

// Groups returns the groups with the table's copies of their commands.
func (t *Table) Groups() []Group {
	return append([]Group(nil), t.groups...)
}

// Commands returns every top-level command, in registration order.
func (t *Table) Commands() []*Command {
	return append([]*Command(nil), t.commands...)
}

// Group returns the group called name (case-insensitive).
func (t *Table) Group(name string) (Group, bool) {
	for _, g := range t.groups {
		if strings.EqualFold(g.Name, name) {
			return g, true
		}
	}
	return Group{}, false
}

// foldKey is the index key of a name: its Unicode lower case.
func foldKey(s string) string { return strings.ToLower(s) }

// lookup finds name in index case-insensitively without allocating when the
// folded name fits in 64 bytes.
func lookup(index map[string]*Command, name string) *Command {
	if isLowerASCII(name) {
		return index[name]
	}
	var buf [64]byte
	folded, ok := appendFolded(buf[:0], name)
	if !ok {
		return index[foldKey(name)]
	}
	return index[string(folded)]
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || (c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// appendFolded appends the lower case of s to dst while it fits in dst's
// capacity; ok is false when it does not.
func appendFolded(dst []byte, s string) ([]byte, bool) {
	for _, r := range s {
		r = unicode.ToLower(r)
		if len(dst)+utf8.RuneLen(r) > cap(dst) {
			return dst, false
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst, true
}
