package discordtest

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// echoSetup records every MESSAGE_CREATE content the session sees.
func echoSetup(msgs *<-chan *discordgo.MessageCreate) func(*discordgo.Session) {
	return func(dg *discordgo.Session) { *msgs = collect[*discordgo.MessageCreate](dg) }
}

// awaitContent waits for a MESSAGE_CREATE with content.
func awaitContent(t *testing.T, msgs <-chan *discordgo.MessageCreate, content string) {
	t.Helper()
	for {
		if m := recv(t, msgs); m.Content == content {
			return
		}
	}
}

func TestReconnects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		fault          func(*Server)
		wantResumes    int
		wantIdentifies int
		replay         bool // the message sent while disconnected is delivered
	}{
		{name: "dropped TCP connection resumes", fault: (*Server).DropConnections, wantResumes: 1, wantIdentifies: 1, replay: true},
		{name: "op 7 reconnect resumes", fault: (*Server).SendReconnect, wantResumes: 1, wantIdentifies: 1, replay: true},
		{name: "resumable close code resumes", fault: func(s *Server) { s.CloseConnections(4000, "Unknown error.") }, wantResumes: 1, wantIdentifies: 1, replay: true},
		{name: "non-resumable close code re-identifies", fault: func(s *Server) { s.CloseConnections(4009, "Session timed out.") }, wantResumes: 1, wantIdentifies: 2},
		{name: "op 9 re-identifies", fault: func(s *Server) { s.SendInvalidSession(false) }, wantIdentifies: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := NewTB(t, Options{})
			demo := srv.SeedDemo()
			var msgs <-chan *discordgo.MessageCreate
			openSession(t, srv, allIntents, echoSetup(&msgs))
			tt.fault(srv)
			if _, err := srv.SendMessage(demo.General, demo.Alice, "while away"); err != nil {
				t.Fatal(err)
			}
			waitFor(t, srv, "reconnect", func() bool {
				return srv.Resumes() >= tt.wantResumes && srv.Identifies() >= tt.wantIdentifies && srv.Connections() == 1
			})
			if tt.replay {
				awaitContent(t, msgs, "while away")
			}
			if _, err := srv.SendMessage(demo.General, demo.Bob, "after"); err != nil {
				t.Fatal(err)
			}
			awaitContent(t, msgs, "after")
		})
	}
}

func TestZombieConnectionIsClosedByClient(t *testing.T) {
	t.Parallel()
	srv := NewTB(t, Options{HeartbeatInterval: 20 * time.Millisecond})
	dg := restSession(t, srv, allIntents)
	dg.ShouldReconnectOnError = false // with a 20ms interval discordgo's reconnect can race its own Close
	if err := dg.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dg.Close() })
	waitFor(t, srv, "first ACK", func() bool { return hasFrame(srv, true, opHeartbeatAck) })
	srv.SetHeartbeatAcks(false)
	waitFor(t, srv, "the client to give up", func() bool { return srv.Connections() == 0 })
	if srv.Identifies() != 1 {
		t.Fatalf("identifies = %d", srv.Identifies())
	}
}
