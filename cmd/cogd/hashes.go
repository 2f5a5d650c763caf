package main

import (
	"context"

	"cogd/internal/appcmd"
	"cogd/internal/store"
)

// commandHashes keeps the hashes of registered application commands in
// the database (table app_command_hashes), so that a restart with
// unchanged definitions registers nothing. It adapts the store, which
// knows scopes only by their key, to appcmd.HashStore.
type commandHashes struct{ st *store.Store }

var _ appcmd.HashStore = commandHashes{}

// LastHash returns the hash last registered in scope ("" when none).
func (h commandHashes) LastHash(ctx context.Context, scope appcmd.Scope) (string, error) {
	return h.st.CommandHash(ctx, scope.Key())
}

// SaveHash records hash as registered in scope.
func (h commandHashes) SaveHash(ctx context.Context, scope appcmd.Scope, hash string) error {
	return h.st.SaveCommandHash(ctx, scope.Key(), hash)
}
