package deploy

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// envKeys are the keys of .env.example: every cogd setting.
func envKeys(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if k, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			keys[k] = true
		}
	}
	if len(keys) < 10 {
		t.Fatalf(".env.example has %d keys", len(keys))
	}
	return keys
}

// decodeAll parses every document of a YAML file.
func decodeAll(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		docs = append(docs, doc)
	}
}

// at walks a decoded document along keys (map keys, or list indexes as
// ints); ok is false if a step is missing.
func at(v any, path ...any) (any, bool) {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = m[k]; !ok {
				return nil, false
			}
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil, false
			}
			v = l[k]
		}
	}
	return v, true
}

// must is at that fails the test when the path is missing.
func must(t *testing.T, what string, v any, path ...any) any {
	t.Helper()
	got, ok := at(v, path...)
	if !ok {
		t.Fatalf("%s: missing %v", what, path)
	}
	return got
}

func TestCompose(t *testing.T) {
	docs := decodeAll(t, "compose.yaml")
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	c, keys := docs[0], envKeys(t)
	services := must(t, "compose", c, "services").(map[string]any)
	pg := services["postgres"]
	if test := must(t, "postgres", pg, "healthcheck", "test"); !strings.Contains(strings.Join(toStrings(test), " "), "pg_isready") {
		t.Errorf("postgres health check %v does not run pg_isready", test)
	}
	if vols := toStrings(must(t, "postgres", pg, "volumes")); len(vols) == 0 || !strings.HasPrefix(vols[0], "pgdata:") {
		t.Errorf("postgres volumes %v, want the pgdata volume", vols)
	}
	must(t, "compose", c, "volumes", "pgdata")
	var shardIDs []string
	for name, svc := range services {
		if _, ok := at(svc, "build"); !ok {
			continue // not cogd
		}
		env := must(t, name, svc, "environment").(map[string]any)
		for k := range env {
			if !keys[k] {
				t.Errorf("%s: environment key %s is not a key of .env.example", name, k)
			}
		}
		if env["SHARD_COUNT"] != "4" || !strings.HasPrefix(env["DATABASE_URL"].(string), "postgres://") {
			t.Errorf("%s: SHARD_COUNT %v, DATABASE_URL %v; want 4 and PostgreSQL", name, env["SHARD_COUNT"], env["DATABASE_URL"])
		}
		shardIDs = append(shardIDs, env["SHARD_IDS"].(string))
		if path := must(t, name, svc, "env_file", 0, "path"); path != "../.env" {
			t.Errorf("%s: env_file %v, want ../.env (the token)", name, path)
		}
		if cond := must(t, name, svc, "depends_on", "postgres", "condition"); cond != "service_healthy" {
			t.Errorf("%s waits for postgres %v, want service_healthy", name, cond)
		}
	}
	slices.Sort(shardIDs)
	if !slices.Equal(shardIDs, []string{"0-1", "2-3"}) {
		t.Errorf("cogd services run shards %v, want 0-1 and 2-3", shardIDs)
	}
	checkPrometheus(t, services)
	for _, v := range toStrings(must(t, "grafana", services["grafana"], "volumes")) {
		if src, _, _ := strings.Cut(v, ":"); !exists(src) {
			t.Errorf("grafana mounts %s, which does not exist", src)
		}
	}
}

// checkPrometheus checks that prometheus.yml scrapes every cogd service.
func checkPrometheus(t *testing.T, services map[string]any) {
	t.Helper()
	prom := decodeAll(t, "prometheus.yml")[0]
	targets := toStrings(must(t, "prometheus.yml", prom, "scrape_configs", 0, "static_configs", 0, "targets"))
	for name, svc := range services {
		if _, ok := at(svc, "build"); ok && !slices.Contains(targets, name+":9090") {
			t.Errorf("prometheus does not scrape %s (targets %v)", name, targets)
		}
	}
}

func TestKubernetes(t *testing.T) {
	keys := envKeys(t)
	kinds := map[string]map[string]any{}
	for _, d := range decodeAll(t, "kubernetes/cogd.yaml") {
		kinds[d["kind"].(string)] = d
	}
	for _, k := range []string{"StatefulSet", "Service", "PodDisruptionBudget"} {
		if kinds[k] == nil {
			t.Fatalf("no %s", k)
		}
	}
	if ip := must(t, "Service", kinds["Service"], "spec", "clusterIP"); ip != "None" {
		t.Errorf("Service clusterIP %v, want None (headless)", ip)
	}
	ss := kinds["StatefulSet"]
	if must(t, "StatefulSet", ss, "spec", "serviceName") != "cogd" {
		t.Error("StatefulSet serviceName is not the headless Service")
	}
	must(t, "PodDisruptionBudget", kinds["PodDisruptionBudget"], "spec", "maxUnavailable")
	ctr := must(t, "StatefulSet", ss, "spec", "template", "spec", "containers", 0)
	if p := must(t, "readiness", ctr, "readinessProbe", "httpGet", "path"); p != "/readyz" {
		t.Errorf("readiness probe %v, want /readyz", p)
	}
	if p := must(t, "liveness", ctr, "livenessProbe", "httpGet", "path"); p != "/healthz" {
		t.Errorf("liveness probe %v, want /healthz", p)
	}
	env := map[string]any{}
	for _, e := range must(t, "container", ctr, "env").([]any) {
		name := e.(map[string]any)["name"].(string)
		if !keys[name] {
			t.Errorf("container env %s is not a key of .env.example", name)
		}
		env[name] = e
	}
	if f, _ := at(env["SHARD_IDS"], "valueFrom", "fieldRef", "fieldPath"); f != "metadata.labels['apps.kubernetes.io/pod-index']" {
		t.Errorf("SHARD_IDS from %v, want the pod-index label", f)
	}
	if _, ok := at(env["DATABASE_URL"], "valueFrom", "secretKeyRef", "name"); !ok {
		t.Error("DATABASE_URL does not come from a Secret")
	}
	replicas, _ := must(t, "StatefulSet", ss, "spec", "replicas").(int)
	if count, _ := at(env["SHARD_COUNT"], "value"); count != strconv.Itoa(replicas) {
		t.Errorf("SHARD_COUNT %v, want replicas %v (one shard per pod)", count, replicas)
	}
}

func TestDockerignore(t *testing.T) {
	data, err := os.ReadFile("../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for _, want := range []string{".env", "data/", ".git", "bin/"} {
		if !slices.Contains(lines, want) {
			t.Errorf(".dockerignore does not exclude %s", want)
		}
	}
}

func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(data)
	for _, want := range []string{
		"install -d -o cogd -g cogd -m 0750 /var/lib/cogd/data", // the volume's directory, owned by the user
		"USER cogd",
		`HEALTHCHECK --interval=30s --timeout=3s CMD ["/usr/local/bin/cogd-healthcheck"]`,
		"COPY deploy/healthcheck.sh /usr/local/bin/cogd-healthcheck",
	} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if strings.Index(df, "install -d -o cogd") > strings.Index(df, "VOLUME") {
		t.Error("the data directory is created after VOLUME")
	}
	hc, err := os.ReadFile("healthcheck.sh")
	if err != nil || !strings.Contains(string(hc), "METRICS_ADDR") {
		t.Errorf("healthcheck.sh does not follow METRICS_ADDR (%v)", err)
	}
}

func TestSystemdUnitDoesNotShadowDatabaseURL(t *testing.T) {
	data, err := os.ReadFile("cogd.service")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if strings.HasPrefix(line, "Environment=") && strings.Contains(line, "DATABASE_URL") {
			t.Errorf("%q would be silently overridden by EnvironmentFile=", strings.TrimSpace(line))
		}
	}
	if !strings.Contains(string(data), "EnvironmentFile=/etc/cogd/cogd.env") {
		t.Error("no EnvironmentFile")
	}
}

// toStrings converts a decoded YAML list of scalars.
func toStrings(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}

// exists reports whether a path relative to deploy/ exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
