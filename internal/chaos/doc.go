// Package chaos holds cogd's chaos run (`make chaos`, not part of make
// test): the end-to-end scenarios — prefix and slash commands, warns that
// create cases — against the emulator while it injects, from a seeded
// random source, dropped connections, RECONNECT, INVALID_SESSION, 429s
// (route, global, shared, Cloudflare HTML), 5xx and slow responses. At the
// end it checks that every command was answered or refused with a typed
// error, that no case was lost or duplicated (case numbers gapless), that
// no goroutine leaked and that memory stayed flat. The seed is printed;
// CHAOS_SEED=N replays it.
package chaos
