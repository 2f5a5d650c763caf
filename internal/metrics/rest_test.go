package metrics

import (
	"strconv"
	"testing"
)

func TestScrapeREST(t *testing.T) {
	m := New(Options{MaxLabelValues: 4})
	m.RESTRequest("POST /channels/{id}/messages", 200)
	m.RESTRequest("POST /channels/{id}/messages", 200)
	m.RESTRequest("POST /channels/{id}/messages", 429)
	m.RESTRateLimit("global")
	m.RESTRateLimit("shared")
	m.RESTRateLimit("shared")
	m.RESTRetry()
	m.RESTRetry()
	m.RESTRetry()
	m.RESTInvalidRequests(42)
	for i := range 10 { // beyond MaxLabelValues: folded into "other"
		m.RESTRequest("GET /r"+strconv.Itoa(i), 200)
	}
	mfs := scrape(t, NewServer("", m, nil).Handler())
	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"cogd_rest_requests_total", map[string]string{"route": "POST /channels/{id}/messages", "status": "200"}, 2},
		{"cogd_rest_requests_total", map[string]string{"route": "POST /channels/{id}/messages", "status": "429"}, 1},
		{"cogd_rest_requests_total", map[string]string{"route": OtherLabel, "status": "0"}, 8},
		{"cogd_rest_ratelimits_total", map[string]string{"scope": "global"}, 1},
		{"cogd_rest_ratelimits_total", map[string]string{"scope": "shared"}, 2},
		{"cogd_rest_retries_total", nil, 3},
		{"cogd_rest_invalid_requests", nil, 42},
	}
	for _, c := range checks {
		got, ok := value(mfs, c.name, c.labels)
		if !ok || got != c.want {
			t.Errorf("%s%v = %v (found %v), want %v", c.name, c.labels, got, ok, c.want)
		}
	}
}

// TestScrapeShardRange: the process's shard range is exported once it is
// known, and not before.
func TestScrapeShardRange(t *testing.T) {
	m := New(Options{})
	if _, ok := scrape(t, NewServer("", m, nil).Handler())["cogd_process_shards"]; ok {
		t.Fatal("cogd_process_shards exported before the shards are planned")
	}
	m.SetShardRange("0-1/4")
	mf := scrape(t, NewServer("", m, nil).Handler())["cogd_process_shards"]
	if mf == nil || len(mf.Metric) != 1 || mf.Metric[0].GetLabel()[0].GetValue() != "0-1/4" || mf.Metric[0].GetGauge().GetValue() != 1 {
		t.Fatalf("cogd_process_shards = %v", mf)
	}
}
