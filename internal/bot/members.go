package bot

import (
	"cmp"
	"encoding/binary"
	"encoding/hex"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// memberCache holds every guild member cogd has seen, in place of
// discordgo's state (whose TrackMembers is off). It is compact: IDs are
// integers, a member points at one user record shared by all its guilds,
// a member's roles are an index into its guild's table of role sets (most
// members share a handful of combinations), avatars are stored as bytes.
// It hands out fresh *discordgo.Member values built on demand, so callers
// own what they get. Safe for concurrent use: a lock per guild, the users
// in lock-striped shards; a guild's lock is always taken before a user
// shard's.
type memberCache struct {
	mu     sync.RWMutex
	guilds map[uint64]*guildMembers
	users  userTable
}

func newMemberCache() *memberCache {
	c := &memberCache{guilds: map[uint64]*guildMembers{}}
	for i := range c.users.shards {
		c.users.shards[i].idx = map[uint64]uint32{}
	}
	return c
}

// guildMembers is one guild's members in arrival order.
type guildMembers struct {
	mu     sync.RWMutex
	id     string   // the guild's ID as Discord spells it
	order  []uint32 // positions in recs, sorted by user ID (4 bytes a member, not a map's ~28)
	recs   []memberRec
	sets   []roleSet         // set 0 is "no roles"
	setIdx map[string]uint32 // roleKey → position in sets
	free   []uint32          // unused positions in sets
	dead   bool              // released: no longer in the cache
}

// memberRec is one membership: 48 bytes.
type memberRec struct {
	id     uint64 // user ID
	nick   string
	joined int64      // unix nanoseconds; noTime when unknown
	ext    *memberExt // the fields most members lack
	user   userRef
	roles  uint32 // position in the guild's sets
	flags  uint16 // discordgo.MemberFlags
	bits   uint8  // memberDeaf | memberMute | memberPending
}

const (
	memberDeaf uint8 = 1 << iota
	memberMute
	memberPending
)

const noTime = math.MinInt64

// memberExt holds a member's rarely set fields.
type memberExt struct {
	avatar, banner    string
	premiumSince      *time.Time
	disabledUntil     *time.Time
	permissions       int64
	flagsOverflowHigh discordgo.MemberFlags // flags that do not fit 16 bits
}

// roleSet is one combination of roles, shared by the members holding it.
type roleSet struct {
	roles []string
	refs  int32
}

// observe feeds the cache from a gateway event. It runs on the gateway
// goroutine after discordgo's state saw the event and before listeners
// do; for GUILD_CREATE it also drops the members discordgo's state keeps
// from the event (TrackMembers does not cover GUILD_CREATE), and for
// GUILD_MEMBER_UPDATE it sets BeforeUpdate, which discordgo only fills
// when it tracks members.
func (c *memberCache) observe(st *discordgo.State, ev any) {
	switch e := ev.(type) {
	case *discordgo.GuildCreate:
		c.setGuild(e.ID, e.Members)
		dropStateMembers(st, e.ID)
	case *discordgo.GuildDelete:
		c.dropGuild(e.ID)
	case *discordgo.GuildMemberAdd:
		c.add(e.GuildID, e.Member)
	case *discordgo.GuildMemberUpdate:
		if e.User != nil {
			if old, ok := c.member(e.GuildID, e.User.ID); ok && e.BeforeUpdate == nil {
				e.BeforeUpdate = old
			}
		}
		c.add(e.GuildID, e.Member)
	case *discordgo.GuildMemberRemove:
		if e.User != nil {
			c.remove(e.GuildID, e.User.ID)
		}
	case *discordgo.GuildMembersChunk:
		for _, m := range e.Members {
			cp := *m
			cp.GuildID = e.GuildID
			c.add(e.GuildID, &cp)
		}
	}
}

// dropStateMembers empties the member list discordgo's state took from a
// GUILD_CREATE. A guild added again with an empty, non-nil member list
// gets an empty member map and keeps everything else. Only the gateway
// goroutine writes the state, so reading g without its lock is safe here.
func dropStateMembers(st *discordgo.State, guildID string) {
	if st == nil {
		return
	}
	g, err := st.Guild(guildID)
	if err != nil || len(g.Members) == 0 {
		return
	}
	cp := *g
	cp.Members = []*discordgo.Member{}
	_ = st.GuildAdd(&cp)
}

// setGuild replaces a guild's members with ms (GUILD_CREATE), as
// discordgo's state does.
func (c *memberCache) setGuild(guildID string, ms []*discordgo.Member) {
	gid, ok := parseID(guildID)
	if !ok {
		return
	}
	g := &guildMembers{id: guildID, recs: make([]memberRec, 0, len(ms)), order: make([]uint32, 0, len(ms)),
		sets: []roleSet{{}}, setIdx: map[string]uint32{}}
	g.putAll(&c.users, ms)
	c.mu.Lock()
	old := c.guilds[gid]
	c.guilds[gid] = g
	c.mu.Unlock()
	if old != nil {
		old.release(&c.users)
	}
}

// dropGuild forgets a guild and its members (GUILD_DELETE).
func (c *memberCache) dropGuild(guildID string) {
	gid, ok := parseID(guildID)
	if !ok {
		return
	}
	c.mu.Lock()
	old := c.guilds[gid]
	delete(c.guilds, gid)
	c.mu.Unlock()
	if old != nil {
		old.release(&c.users)
	}
}

// guild returns a guild's members, nil when the guild is unknown.
func (c *memberCache) guild(guildID string) *guildMembers {
	gid, ok := parseID(guildID)
	if !ok {
		return nil
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.guilds[gid]
}

// add adds or updates a member of a known guild and reports whether the
// guild is known (members of other guilds are not kept).
func (c *memberCache) add(guildID string, m *discordgo.Member) bool {
	g := c.guild(guildID)
	if g == nil || m == nil || m.User == nil {
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.dead {
		return false
	}
	g.put(&c.users, m)
	return true
}

// remove forgets one member.
func (c *memberCache) remove(guildID, userID string) {
	g := c.guild(guildID)
	uid, ok := parseID(userID)
	if g == nil || !ok {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	k, ok := g.find(uid)
	if !ok {
		return
	}
	pos := g.order[k]
	r := g.recs[pos]
	g.unref(r.roles)
	c.users.release(r.user)
	g.order = slices.Delete(g.order, k, k+1)
	g.recs = slices.Delete(g.recs, int(pos), int(pos)+1)
	for j, p := range g.order {
		if p > pos {
			g.order[j] = p - 1
		}
	}
}

// find returns where uid is (or would be) in g.order; the caller holds
// g.mu.
func (g *guildMembers) find(uid uint64) (int, bool) {
	k := sort.Search(len(g.order), func(k int) bool { return g.recs[g.order[k]].id >= uid })
	return k, k < len(g.order) && g.recs[g.order[k]].id == uid
}

// member returns a copy of one member.
func (c *memberCache) member(guildID, userID string) (*discordgo.Member, bool) {
	g := c.guild(guildID)
	uid, ok := parseID(userID)
	if g == nil || !ok {
		return nil, false
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	k, ok := g.find(uid)
	if !ok {
		return nil, false
	}
	return g.build(&c.users, &g.recs[g.order[k]]), true
}

// members returns copies of a guild's members in arrival order.
func (c *memberCache) members(guildID string) []*discordgo.Member {
	g := c.guild(guildID)
	if g == nil {
		return []*discordgo.Member{}
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	out := make([]*discordgo.Member, len(g.recs))
	for i := range g.recs {
		out[i] = g.build(&c.users, &g.recs[i])
	}
	return out
}

// put adds or updates m; the caller holds g.mu (or owns g). Like
// discordgo, an update without a join time keeps the old one.
func (g *guildMembers) put(users *userTable, m *discordgo.Member) {
	if m == nil || m.User == nil {
		return
	}
	uid, ok := parseID(m.User.ID)
	if !ok {
		return
	}
	r := g.newRec(uid, m)
	k, found := g.find(uid)
	if found {
		old := &g.recs[g.order[k]]
		if r.joined == noTime {
			r.joined = old.joined
		}
		r.user = users.update(old.user, m.User)
		g.unref(old.roles)
		*old = r
		return
	}
	r.user = users.acquire(m.User)
	g.order = slices.Insert(g.order, k, uint32(len(g.recs)))
	g.recs = append(g.recs, r)
}

// newRec is m's record without its user; it takes a use of m's role set.
func (g *guildMembers) newRec(uid uint64, m *discordgo.Member) memberRec {
	r := memberRec{id: uid, nick: m.Nick, joined: fromTime(m.JoinedAt), flags: uint16(m.Flags), roles: g.ref(m.Roles)}
	if m.Deaf {
		r.bits |= memberDeaf
	}
	if m.Mute {
		r.bits |= memberMute
	}
	if m.Pending {
		r.bits |= memberPending
	}
	r.ext = newMemberExt(m)
	return r
}

// putAll adds ms to an empty guild in one pass, sorting the index once
// (one insertion at a time would be quadratic in a large guild). The
// caller owns g.
func (g *guildMembers) putAll(users *userTable, ms []*discordgo.Member) {
	seen := make(map[uint64]bool, len(ms)) // only while loading
	for _, m := range ms {
		if m == nil || m.User == nil {
			continue
		}
		uid, ok := parseID(m.User.ID)
		if !ok {
			continue
		}
		if seen[uid] {
			slices.SortFunc(g.order, g.byID)
			g.put(users, m)
			continue
		}
		seen[uid] = true
		r := g.newRec(uid, m)
		r.user = users.acquire(m.User)
		g.order = append(g.order, uint32(len(g.recs)))
		g.recs = append(g.recs, r)
	}
	slices.SortFunc(g.order, g.byID)
}

func (g *guildMembers) byID(a, b uint32) int { return cmp.Compare(g.recs[a].id, g.recs[b].id) }

func newMemberExt(m *discordgo.Member) *memberExt {
	high := m.Flags &^ discordgo.MemberFlags(math.MaxUint16)
	if m.Avatar == "" && m.Banner == "" && m.PremiumSince == nil && m.CommunicationDisabledUntil == nil && m.Permissions == 0 && high == 0 {
		return nil
	}
	return &memberExt{avatar: m.Avatar, banner: m.Banner, premiumSince: cloneTime(m.PremiumSince),
		disabledUntil: cloneTime(m.CommunicationDisabledUntil), permissions: m.Permissions, flagsOverflowHigh: high}
}

// build makes a fresh member from r; the caller holds g.mu.
func (g *guildMembers) build(users *userTable, r *memberRec) *discordgo.Member {
	m := &discordgo.Member{GuildID: g.id, Nick: r.nick, JoinedAt: toTime(r.joined), Flags: discordgo.MemberFlags(r.flags),
		Deaf: r.bits&memberDeaf != 0, Mute: r.bits&memberMute != 0, Pending: r.bits&memberPending != 0,
		Roles: slices.Clone(g.sets[r.roles].roles), User: users.user(r.user)}
	if m.Roles == nil {
		m.Roles = []string{}
	}
	if e := r.ext; e != nil {
		m.Avatar, m.Banner, m.Permissions = e.avatar, e.banner, e.permissions
		m.PremiumSince, m.CommunicationDisabledUntil = cloneTime(e.premiumSince), cloneTime(e.disabledUntil)
		m.Flags |= e.flagsOverflowHigh
	}
	return m
}

// release drops the user references of a guild no longer in the cache.
func (g *guildMembers) release(users *userTable) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, r := range g.recs {
		users.release(r.user)
	}
	g.recs, g.order, g.dead = nil, nil, true
}

// ref returns the role set holding roles, adding it when new.
func (g *guildMembers) ref(roles []string) uint32 {
	if len(roles) == 0 {
		return 0
	}
	key := roleKey(roles)
	if i, ok := g.setIdx[key]; ok {
		g.sets[i].refs++
		return i
	}
	set := roleSet{roles: slices.Clone(roles), refs: 1}
	var i uint32
	if n := len(g.free); n > 0 {
		i, g.free = g.free[n-1], g.free[:n-1]
		g.sets[i] = set
	} else {
		i = uint32(len(g.sets))
		g.sets = append(g.sets, set)
	}
	g.setIdx[key] = i
	return i
}

// unref releases one use of a role set, freeing it at zero.
func (g *guildMembers) unref(i uint32) {
	if i == 0 {
		return
	}
	s := &g.sets[i]
	if s.refs--; s.refs > 0 {
		return
	}
	delete(g.setIdx, roleKey(s.roles))
	*s = roleSet{}
	g.free = append(g.free, i)
}

// roleKey is roles as a map key: 8 bytes per numeric role ID, the text
// itself for any other.
func roleKey(roles []string) string {
	b := make([]byte, 0, 8*len(roles))
	for _, r := range roles {
		if id, ok := parseID(r); ok {
			b = binary.LittleEndian.AppendUint64(b, id)
			continue
		}
		b = append(b, 0xff)
		b = append(b, r...)
		b = append(b, 0)
	}
	return string(b)
}

// userTable holds the users behind the cached members, each once however
// many guilds it shares, reference counted by membership.
type userTable struct {
	shards [userShards]userShard
}

const userShards = 16

type userShard struct {
	mu   sync.RWMutex
	idx  map[uint64]uint32 // user ID → position in recs
	recs []userRec
	free []uint32
}

// userRef names a user record: position<<4 | shard.
type userRef uint32

// userRec is one user: 64 bytes.
type userRec struct {
	id     uint64
	names  string   // username + "\x00" + global name: one allocation
	avatar [16]byte // the hash's bytes (avatarHex / avatarAnimated)
	ext    *userExt
	pub    uint32 // public flags
	refs   int32
	disc   uint16
	bits   uint8 // avatar and discriminator encodings, bot, system
}

const (
	avatarHex      uint8 = 1 << iota // avatar is the 32 hex digits of avatar[:]
	avatarAnimated                   // … prefixed "a_"
	discFour                         // discriminator is disc as 4 digits
	discZero                         // discriminator is "0"
	userBot
	userSystem
)

// userExt holds what a member's user rarely carries, and any value that
// does not fit the compact encodings.
type userExt struct {
	avatar, discriminator, banner, locale string
	accent, flags                         int
	premium                               discordgo.UserPremiumType
}

func (t *userTable) shard(id uint64) (*userShard, uint32) {
	n := uint32(id % userShards)
	return &t.shards[n], n
}

// acquire adds one reference to u's record, creating or refreshing it.
func (t *userTable) acquire(u *discordgo.User) userRef {
	id, _ := parseID(u.ID)
	s, n := t.shard(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := compactUser(id, u)
	if i, ok := s.idx[id]; ok {
		rec.refs = s.recs[i].refs + 1
		s.recs[i] = rec
		return userRef(i<<4 | n)
	}
	rec.refs = 1
	var i uint32
	if k := len(s.free); k > 0 {
		i, s.free = s.free[k-1], s.free[:k-1]
		s.recs[i] = rec
	} else {
		i = uint32(len(s.recs))
		s.recs = append(s.recs, rec)
	}
	s.idx[id] = i
	return userRef(i<<4 | n)
}

// update refreshes the record behind ref from u (same user, same count).
func (t *userTable) update(ref userRef, u *discordgo.User) userRef {
	s := &t.shards[ref&(userShards-1)]
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &s.recs[ref>>4]
	refs := r.refs
	*r = compactUser(r.id, u)
	r.refs = refs
	return ref
}

// release drops one reference, freeing the record at zero.
func (t *userTable) release(ref userRef) {
	s := &t.shards[ref&(userShards-1)]
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &s.recs[ref>>4]
	if r.refs--; r.refs > 0 {
		return
	}
	delete(s.idx, r.id)
	*r = userRec{}
	s.free = append(s.free, uint32(ref>>4))
}

// user builds a fresh user from ref.
func (t *userTable) user(ref userRef) *discordgo.User {
	s := &t.shards[ref&(userShards-1)]
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.recs[ref>>4].expand()
}

func compactUser(id uint64, u *discordgo.User) userRec {
	r := userRec{id: id, names: u.Username + "\x00" + u.GlobalName, pub: uint32(u.PublicFlags)}
	var ext userExt
	switch a := u.Avatar; {
	case a == "":
	case decodeHash(&r.avatar, a):
		r.bits |= avatarHex
	case strings.HasPrefix(a, "a_") && decodeHash(&r.avatar, a[2:]):
		r.bits |= avatarHex | avatarAnimated
	default:
		ext.avatar = a
	}
	switch d := u.Discriminator; {
	case d == "":
	case d == "0":
		r.bits |= discZero
	case len(d) == 4 && isDigits(d):
		n, _ := strconv.ParseUint(d, 10, 16)
		r.disc, r.bits = uint16(n), r.bits|discFour
	default:
		ext.discriminator = d
	}
	if u.Bot {
		r.bits |= userBot
	}
	if u.System {
		r.bits |= userSystem
	}
	ext.banner, ext.locale, ext.accent, ext.flags, ext.premium = u.Banner, u.Locale, u.AccentColor, u.Flags, u.PremiumType
	if ext != (userExt{}) {
		r.ext = &ext
	}
	return r
}

func (r *userRec) expand() *discordgo.User {
	name, global, _ := strings.Cut(r.names, "\x00")
	u := &discordgo.User{ID: strconv.FormatUint(r.id, 10), Username: name, GlobalName: global,
		PublicFlags: discordgo.UserFlags(r.pub), Bot: r.bits&userBot != 0, System: r.bits&userSystem != 0}
	if r.bits&avatarHex != 0 {
		u.Avatar = hex.EncodeToString(r.avatar[:])
		if r.bits&avatarAnimated != 0 {
			u.Avatar = "a_" + u.Avatar
		}
	}
	switch {
	case r.bits&discZero != 0:
		u.Discriminator = "0"
	case r.bits&discFour != 0:
		u.Discriminator = strconv.FormatUint(uint64(r.disc)+10000, 10)[1:]
	}
	if e := r.ext; e != nil {
		if e.avatar != "" {
			u.Avatar = e.avatar
		}
		if e.discriminator != "" {
			u.Discriminator = e.discriminator
		}
		u.Banner, u.Locale, u.AccentColor, u.Flags, u.PremiumType = e.banner, e.locale, e.accent, e.flags, e.premium
	}
	return u
}

// decodeHash reads a 32-digit lowercase hex hash into dst.
func decodeHash(dst *[16]byte, s string) bool {
	if len(s) != 32 || strings.ToLower(s) != s {
		return false
	}
	_, err := hex.Decode(dst[:], []byte(s))
	return err == nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseID reads a snowflake.
func parseID(s string) (uint64, bool) {
	id, err := strconv.ParseUint(s, 10, 64)
	return id, err == nil
}

func fromTime(t time.Time) int64 {
	if t.IsZero() {
		return noTime
	}
	return t.UnixNano()
}

func toTime(n int64) time.Time {
	if n == noTime {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}
