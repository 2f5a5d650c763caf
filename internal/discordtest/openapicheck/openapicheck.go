// Package openapicheck checks REST requests recorded by the Discord emulator
// (internal/discordtest) against Discord's official OpenAPI 3.1 description
// (internal/discordtest/testdata/discord-openapi/openapi.json, MIT): the route and method
// must exist, and the JSON body must validate against the operation's requestBody schema.
//
// Schemas are validated with github.com/santhosh-tekuri/jsonschema/v6 (JSON Schema 2020-12,
// which OpenAPI 3.1 schemas are): the whole spec is added as one resource and each
// operation's schema is compiled from its JSON pointer, so every "$ref" into
// #/components/schemas resolves inside the document. Format assertions are on, with
// "snowflake" registered as ^(0|[1-9][0-9]{0,19})$ (the spec's pattern allows any length).
// Query strings are not checked.
//
// Two readings where Discord's documentation wins over the spec (the spec calls itself a
// preview): permission bit sets ("permissions", "default_member_permissions", "allow",
// "deny"), typed integer in the spec's request schemas, also validate as decimal strings,
// which is what the documentation specifies and discordgo sends; and an absent body for an
// operation whose requestBody is required is validated as {} (Discord reads it as an empty
// form, e.g. PUT /guilds/{guild}/bans/{user} without options).
//
// The package imports testing (CheckRecording); production code must not import it.
package openapicheck

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// specURL is the resource URL the spec is registered under.
const specURL = "file:///discord-openapi.json"

// snowflake is the stricter snowflake pattern (at most 20 digits).
var snowflake = regexp.MustCompile(`^(0|[1-9][0-9]{0,19})$`)

// methods are the HTTP methods an OpenAPI path item may hold.
var methods = []string{"get", "put", "post", "patch", "delete", "head", "options"}

// Mismatch is one way a request disagrees with the spec.
type Mismatch struct {
	// Method and Path are the request's (Path without the /api/vN prefix).
	Method, Path string
	// Route is the matched path template ("" when no route matched).
	Route string
	// Field is the JSON pointer of the offending value in the body ("" for the route or body).
	Field string
	// Reason says what is wrong.
	Reason string
}

// String formats the mismatch for test output.
func (m Mismatch) String() string {
	route := m.Route
	if route == "" {
		route = "(no route)"
	}
	if m.Field != "" {
		return fmt.Sprintf("%s %s [%s] at %s: %s", m.Method, m.Path, route, m.Field, m.Reason)
	}
	return fmt.Sprintf("%s %s [%s]: %s", m.Method, m.Path, route, m.Reason)
}

// operation is one method of one path template.
type operation struct {
	method, template string
	parts            []string
	pointer          string // JSON pointer of the application/json requestBody schema; "" if none
	bodyRequired     bool
}

// Spec is a loaded OpenAPI description; safe for concurrent use.
type Spec struct {
	ops      []operation
	compiler *jsonschema.Compiler

	mu      sync.Mutex
	schemas map[string]*jsonschema.Schema
}

// DefaultPath returns the path of the spec copied into the repository's testdata.
func DefaultPath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "discord-openapi", "openapi.json")
}

// defaultSpec loads the testdata spec once per process (it is immutable once loaded).
var defaultSpec = sync.OnceValues(func() (*Spec, error) { return Load(DefaultPath()) })

// Default returns the repository's copy of Discord's spec, loaded once.
func Default() (*Spec, error) { return defaultSpec() }

// Load reads an OpenAPI 3.1 JSON document.
func Load(path string) (*Spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("openapicheck: %w", err)
	}
	defer f.Close()
	return Parse(f)
}

// Parse reads an OpenAPI 3.1 JSON document from r.
func Parse(r io.Reader) (*Spec, error) {
	doc, err := jsonschema.UnmarshalJSON(r)
	if err != nil {
		return nil, fmt.Errorf("openapicheck: parse spec: %w", err)
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, errors.New("openapicheck: spec is not a JSON object")
	}
	acceptPermissionStrings(root)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.RegisterFormat(&jsonschema.Format{Name: "snowflake", Validate: validateSnowflake})
	if err := c.AddResource(specURL, doc); err != nil {
		return nil, fmt.Errorf("openapicheck: add spec: %w", err)
	}
	s := &Spec{compiler: c, schemas: map[string]*jsonschema.Schema{}}
	paths, _ := root["paths"].(map[string]any)
	for tmpl, item := range paths {
		s.addPath(tmpl, item)
	}
	return s, nil
}

// addPath records the operations of one path item.
func (s *Spec) addPath(tmpl string, item any) {
	ops, _ := item.(map[string]any)
	for _, m := range methods {
		op, ok := ops[m].(map[string]any)
		if !ok {
			continue
		}
		o := operation{method: strings.ToUpper(m), template: tmpl, parts: split(tmpl)}
		if rb, ok := op["requestBody"].(map[string]any); ok {
			o.bodyRequired, _ = rb["required"].(bool)
			if content, ok := rb["content"].(map[string]any); ok && content["application/json"] != nil {
				o.pointer = "#/paths/" + escape(tmpl) + "/" + m + "/requestBody/content/application~1json/schema"
			}
		}
		s.ops = append(s.ops, o)
	}
}

// validateSnowflake is the "snowflake" format.
func validateSnowflake(v any) error {
	str, ok := v.(string)
	if !ok || snowflake.MatchString(str) {
		return nil
	}
	return fmt.Errorf("%q is not a snowflake", str)
}

// escape encodes a JSON pointer token.
func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// split returns the segments of a path.
func split(p string) []string { return strings.Split(strings.Trim(p, "/"), "/") }

// find returns the operation for method and path, preferring literal segments.
func (s *Spec) find(method, path string) (*operation, bool) {
	parts := split(path)
	var best *operation
	bestScore, pathExists := -1, false
	for i := range s.ops {
		o := &s.ops[i]
		score, ok := matchParts(o.parts, parts)
		if !ok {
			continue
		}
		pathExists = true
		if o.method == method && score > bestScore {
			best, bestScore = o, score
		}
	}
	return best, pathExists
}

// matchParts reports whether path segments fit a template, scoring literal segments.
func matchParts(tmpl, parts []string) (int, bool) {
	if len(tmpl) != len(parts) {
		return 0, false
	}
	score := 0
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			if parts[i] == "" {
				return 0, false
			}
			continue
		}
		if t != parts[i] {
			return 0, false
		}
		score++
	}
	return score, true
}

// schema compiles (once) the schema at a JSON pointer of the spec.
func (s *Spec) schema(pointer string) (*jsonschema.Schema, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sch, ok := s.schemas[pointer]; ok {
		return sch, nil
	}
	sch, err := s.compiler.Compile(specURL + pointer)
	if err != nil {
		return nil, fmt.Errorf("openapicheck: compile %s: %w", pointer, err)
	}
	s.schemas[pointer] = sch
	return sch, nil
}

// Check validates one request: method, path (with or without the /api/vN prefix), the
// Content-Type header and the raw body. It returns every mismatch found.
func (s *Spec) Check(method, path, contentType string, body []byte) []Mismatch {
	path = stripAPI(path)
	op, pathExists := s.find(method, path)
	if op == nil {
		reason := "no such route in Discord's API"
		if pathExists {
			reason = "method not allowed on this route"
		}
		return []Mismatch{{Method: method, Path: path, Reason: reason}}
	}
	miss := func(field, reason string) []Mismatch {
		return []Mismatch{{Method: method, Path: path, Route: op.template, Field: field, Reason: reason}}
	}
	payload, err := jsonPayload(contentType, body)
	if err != nil {
		return miss("", err.Error())
	}
	if len(bytes.TrimSpace(payload)) == 0 {
		if !op.bodyRequired {
			return nil
		}
		payload = []byte("{}")
	}
	if op.pointer == "" {
		return miss("", "operation takes no JSON body")
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(payload))
	if err != nil {
		return miss("", "invalid JSON: "+err.Error())
	}
	sch, err := s.schema(op.pointer)
	if err != nil {
		return miss("", err.Error())
	}
	return s.mismatches(method, path, op.template, sch.Validate(inst))
}

// mismatches converts a validation error into the most specific failures: the leaves at
// the deepest instance location (anyOf/oneOf branches report every alternative's failure).
func (s *Spec) mismatches(method, path, route string, err error) []Mismatch {
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []Mismatch{{Method: method, Path: path, Route: route, Reason: err.Error()}}
	}
	leaves := collectLeaves(ve, nil)
	deepest := 0
	for _, l := range leaves {
		deepest = max(deepest, len(l.InstanceLocation))
	}
	p := message.NewPrinter(language.English)
	seen := map[string]bool{}
	var out []Mismatch
	for _, l := range leaves {
		if len(l.InstanceLocation) != deepest {
			continue
		}
		m := Mismatch{Method: method, Path: path, Route: route, Field: "/" + strings.Join(l.InstanceLocation, "/"),
			Reason: l.ErrorKind.LocalizedString(p)}
		if key := m.Field + "\x00" + m.Reason; !seen[key] {
			seen[key] = true
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Reason < out[j].Reason })
	return out
}

// collectLeaves returns the validation errors without causes.
func collectLeaves(ve *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return append(out, ve)
	}
	for _, c := range ve.Causes {
		out = collectLeaves(c, out)
	}
	return out
}

// stripAPI removes an /api or /api/vN prefix.
func stripAPI(p string) string {
	if rest, ok := strings.CutPrefix(p, "/api"); ok {
		if len(rest) > 2 && rest[1] == 'v' {
			if i := strings.IndexByte(rest[1:], '/'); i >= 0 {
				return rest[1+i:]
			}
		}
		return rest
	}
	return p
}

// jsonPayload returns the JSON part of a body: the payload_json field of a multipart body,
// else the body itself.
func jsonPayload(contentType string, body []byte) ([]byte, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		return body, nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("bad multipart body: %w", err)
		}
		if part.FormName() == "payload_json" {
			data, err := io.ReadAll(part)
			if err != nil {
				return nil, fmt.Errorf("read payload_json: %w", err)
			}
			return data, nil
		}
	}
}

// permissionFields are the bit-set properties Discord documents as strings.
var permissionFields = []string{"permissions", "default_member_permissions", "allow", "deny"}

// acceptPermissionStrings lets every integer-typed permission bit-set property of the
// document also be a decimal string (see the package documentation).
func acceptPermissionStrings(v any) {
	switch n := v.(type) {
	case map[string]any:
		if props, ok := n["properties"].(map[string]any); ok {
			for _, name := range permissionFields {
				if p, ok := props[name].(map[string]any); ok && allowsInteger(p["type"]) {
					props[name] = map[string]any{"anyOf": []any{p, map[string]any{"type": "string", "pattern": "^[0-9]{1,20}$"}}}
				}
			}
		}
		for _, child := range n {
			acceptPermissionStrings(child)
		}
	case []any:
		for _, child := range n {
			acceptPermissionStrings(child)
		}
	}
}

// allowsInteger reports whether a schema "type" value includes integer.
func allowsInteger(t any) bool {
	switch tt := t.(type) {
	case string:
		return tt == "integer"
	case []any:
		for _, x := range tt {
			if x == "integer" {
				return true
			}
		}
	}
	return false
}
