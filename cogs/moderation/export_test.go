package moderation

// Hooks for the end-to-end tests in package moderation_test.
var (
	AssertGolden = assertGolden
	IndentJSON   = indentJSON
)
