// Package metrics holds the bot's in-process numbers and exports them.
//
// A [Metrics] is updated on hot paths (every command, every gateway event,
// every cache lookup) with atomic operations only: label values live in
// copy-on-write maps read through an atomic pointer, so a lookup of a known
// command, event type or cache takes no lock and allocates nothing. The set
// of label values is bounded (Options.MaxLabelValues); values beyond the
// bound, and values that are not valid UTF-8, are counted under
// [OtherLabel].
//
// The same numbers are read two ways: [Metrics.Snapshot] returns a plain
// struct for the owner's metrics command (with command latency p50/p99
// interpolated from the histogram buckets), and a Prometheus collector on a
// private registry ([Metrics.Registry]) exposes them, next to the Go and
// process collectors, as:
//
//	cogd_commands_total{command,outcome}
//	cogd_command_duration_seconds{command}   (histogram)
//	cogd_gateway_events_total{type}
//	cogd_gateway_latency_seconds{shard}
//	cogd_cache_requests_total{cache,result}
//	cogd_errors_total{source}
//	cogd_shards_ready
//
// The global prometheus.DefaultRegisterer is never touched, so any number of
// Metrics can live in one process (tests construct many).
//
// [Server] serves /metrics, /healthz and /readyz over HTTP.
package metrics
