// Package deploy holds cogd's deployment files (Dockerfile, systemd unit,
// compose.yaml with PostgreSQL, two cogd processes, Prometheus and
// Grafana, and kubernetes/); it has no Go code. Its test checks the files
// structurally, since neither docker nor a cluster runs in CI.
package deploy
