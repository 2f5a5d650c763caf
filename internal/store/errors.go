package store

import "errors"

// ErrNotFound is wrapped by errors for a row (a cog's case, say) that
// does not exist; the message names what was missing. Match it with
// errors.Is.
var ErrNotFound = errors.New("not found")

// ErrInvalid is wrapped by errors for arguments the store refuses (an
// unknown action, a negative decay, an empty guild ID, ...).
var ErrInvalid = errors.New("invalid")
