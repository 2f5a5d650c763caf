package command

import (
	"context"
	"fmt"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// tenArgs is a 10-argument line mixing plain, quoted and escaped words.
const tenArgs = `<@410000000000000001> 2 "spamming links" in #general “again and again” don’t 5'10" a\"b ok`

func BenchmarkSplit10Args(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if args, err := Split(tenArgs); err != nil || len(args) != 10 {
			b.Fatal(len(args), err)
		}
	}
}

func BenchmarkTableFind(b *testing.B) {
	tbl := bigTable(&testing.T{})
	for _, name := range []string{"c15_07", "C15_07", "Ünknown", "missing"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tbl.Find(name)
			}
		})
	}
}

func TestTableFindDoesNotAllocate(t *testing.T) {
	tbl := bigTable(t)
	for _, name := range []string{"c15_07", "C15_07", "ÜNKNOWN", "missing"} {
		if n := testing.AllocsPerRun(100, func() { tbl.Find(name) }); n != 0 {
			t.Errorf("Find(%q) allocates %.0f times", name, n)
		}
	}
}

// bigGuild is the test guild with 10,000 members user00000…user09999
// and one more, zebra.
func bigGuild() *fakeDiscord {
	f := newFake()
	f.addMembers(10000)
	f.addMember(&discordgo.Member{User: &discordgo.User{ID: "490000000000000001", Username: "zebra_crossing"}})
	return f
}

func benchmarkMember(b *testing.B, arg, want string) {
	f := bigGuild()
	p := Member("m", "")
	c := newContext(f, &Command{Name: "x"}, testUser(aliceID, "alice"), arg)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		m, err := p.one(ctx, c, arg)
		if err != nil || m.User.Username != want {
			b.Fatal(err)
		}
	}
}

func BenchmarkMemberConvertMention(b *testing.B) {
	benchmarkMember(b, fmt.Sprintf("<@4%017d>", 9876), "user09876")
}

func BenchmarkMemberConvertName(b *testing.B) {
	b.Run("exact", func(b *testing.B) { benchmarkMember(b, "USER09876", "user09876") })
	b.Run("nick", func(b *testing.B) { benchmarkMember(b, "nick09999", "user09999") })
	b.Run("prefix", func(b *testing.B) { benchmarkMember(b, "Zebra", "zebra_crossing") })
}
