package metrics

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// dashboardPath is the Grafana dashboard shipped in deploy/.
const dashboardPath = "../../deploy/grafana-dashboard.json"

// dashboard is the part of a Grafana dashboard the test checks.
type dashboard struct {
	SchemaVersion int `json:"schemaVersion"`
	Templating    struct {
		List []struct {
			Name, Type string
			Query      any
		}
	}
	Panels []struct {
		Title   string
		Targets []struct{ Expr string }
	}
}

func TestDashboardQueriesExportedMetrics(t *testing.T) {
	raw, err := os.ReadFile(dashboardPath)
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("parse dashboard: %v", err)
	}
	if d.SchemaVersion < 36 {
		t.Errorf("schemaVersion %d < 36", d.SchemaVersion)
	}
	if !hasPrometheusVariable(d) {
		t.Error("no Prometheus datasource variable")
	}
	exported := scrape(t, NewServer("", recordOneOfEach(), nil).Handler())
	name := regexp.MustCompile(`\b(cogd|go|process)_[a-z_]+\b`)
	for _, p := range d.Panels {
		for _, target := range p.Targets {
			for _, metric := range name.FindAllString(target.Expr, -1) {
				if _, ok := exported[strings.TrimSuffix(metric, "_bucket")]; !ok {
					t.Errorf("panel %q queries %s, which is not exported", p.Title, metric)
				}
			}
		}
	}
}

// TestDashboardShowsErrors: one panel shows cogd_errors_total by source
// (upstream left out) and another the upstream outages on their own.
func TestDashboardShowsErrors(t *testing.T) {
	raw, err := os.ReadFile(dashboardPath)
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("parse dashboard: %v", err)
	}
	bySource := regexp.MustCompile(`sum by \(source\) \(rate\(cogd_errors_total\{[^}]*source!="upstream"`)
	upstream := regexp.MustCompile(`outcome="upstream_error"|cogd_errors_total\{[^}]*source="upstream"`)
	var sawBySource, sawUpstream bool
	for _, p := range d.Panels {
		for _, target := range p.Targets {
			sawBySource = sawBySource || bySource.MatchString(target.Expr)
			if upstream.MatchString(target.Expr) && !bySource.MatchString(target.Expr) {
				sawUpstream = true
			}
		}
	}
	if !sawBySource {
		t.Error("no panel shows cogd_errors_total by source without upstream")
	}
	if !sawUpstream {
		t.Error("no panel shows the upstream errors on their own")
	}
}

// hasPrometheusVariable reports whether d has a Prometheus datasource variable.
func hasPrometheusVariable(d dashboard) bool {
	for _, v := range d.Templating.List {
		if v.Type == "datasource" && v.Query == "prometheus" {
			return true
		}
	}
	return false
}

// recordOneOfEach returns Metrics with every cogd series present.
func recordOneOfEach() *Metrics {
	m := New(Options{})
	m.CommandDone("ping", OutcomeOK, time.Millisecond)
	m.GatewayEvent("READY")
	m.ShardLatency(0, time.Millisecond)
	m.CacheLookup("prefix", true)
	m.CommandDone("weather", OutcomeUpstreamError, time.Millisecond)
	for _, source := range ErrorSources() {
		m.ErrorOccurred(source)
	}
	return m
}
