package httpjson

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		wantErr    string // substring; "" for success
	}{
		{"object", `{"a":1}`, ""},
		{"padded", "\n {\"a\":1} \n", ""},
		{"null", `null`, ""},
		{"empty", ``, "empty body"},
		{"blank", " \t\n", "empty body"},
		{"html", "<!doctype html><html>", "HTML or XML instead of JSON"},
		{"truncated", `{"a":`, "malformed answer"},
		{"wrong type", `{"a":"one"}`, "malformed answer"},
		{"trailing garbage", `{"a":1} x`, "malformed answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v struct{ A int }
			err := Decode([]byte(tt.body), &v)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want malformed with %q", err, tt.wantErr)
			}
		})
	}
}

func TestStatusError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code      int
		body      string
		wantText  string
		temporary bool
	}{
		{400, `{"error":true,"reason":"bad  latitude\n"}`, "status 400 Bad Request: bad latitude", false},
		{404, `{"message":"not found"}`, "status 404 Not Found: not found", false},
		{429, `<html>slow down</html>`, "status 429 Too Many Requests", true},
		{500, ``, "status 500 Internal Server Error", true},
		{503, strings.Repeat("x", 10), "status 503 Service Unavailable", true},
		{400, `{"reason":"` + strings.Repeat("é", 300) + `"}`, "status 400 Bad Request: " + strings.Repeat("é", 199) + "…", false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.code)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			err := Get(context.Background(), srv.Client(), srv.URL, new(any))
			var se *StatusError
			if !errors.As(err, &se) || se.Error() != tt.wantText || se.Temporary() != tt.temporary {
				t.Fatalf("err = %v (temporary %v), want %q (temporary %v)", err, se != nil && se.Temporary(), tt.wantText, tt.temporary)
			}
		})
	}
}

func TestGetBoundsBody(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`"` + strings.Repeat("a", MaxBody) + `"`))
	}))
	defer srv.Close()
	var s string
	if err := Get(context.Background(), srv.Client(), srv.URL, &s); !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want malformed (too large)", err)
	}
}

func TestIsTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	err := Get(context.Background(), &http.Client{Timeout: 20 * time.Millisecond}, srv.URL, new(any))
	if !IsTimeout(err) {
		t.Errorf("client timeout: IsTimeout(%v) = false", err)
	}
	for _, err := range []error{errors.New("boom"), &StatusError{Code: 504}, fmt.Errorf("x: %w", ErrMalformed)} {
		if IsTimeout(err) {
			t.Errorf("IsTimeout(%v) = true", err)
		}
	}
}

func TestGetBadURL(t *testing.T) {
	t.Parallel()
	if err := Get(context.Background(), http.DefaultClient, "http://[::1]:namedport", new(any)); err == nil {
		t.Fatal("no error for a bad URL")
	}
}
