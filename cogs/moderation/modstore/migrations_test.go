package modstore

import (
	"testing"

	"cogd/migrations/migrationtest"
)

func TestMigrationFiles(t *testing.T) {
	migrationtest.CheckFiles(t, Migrations().FS, nil)
}
