package migrations_test

import (
	"testing"

	"cogd/migrations"
	"cogd/migrations/migrationtest"
)

func TestMigrationFiles(t *testing.T) {
	migrationtest.CheckFiles(t, migrations.FS, migrations.RetiredVersions())
}
