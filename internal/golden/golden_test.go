package golden

import (
	"path/filepath"
	"testing"
)

func TestAssertRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.golden")
	got := JSON(t, map[string]string{"a": "<b>"})
	if string(got) != "{\n  \"a\": \"<b>\"\n}\n" {
		t.Fatalf("JSON = %q", got)
	}
	Assert(t, path, got, true)
	Assert(t, path, got, false)
}
