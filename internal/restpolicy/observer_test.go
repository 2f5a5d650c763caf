package restpolicy

import "cogd/internal/metrics"

// The bot passes its Metrics as the policy's Observer.
var _ Observer = (*metrics.Metrics)(nil)
