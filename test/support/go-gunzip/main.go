// Command go-gunzip answers what Go's HTTP client reads from a body sent with a Content-Encoding: each input line
// is JSON {"body": base64, "encoding"} served by a loopback server as one response; each output line is JSON
// {"body": base64 of what io.ReadAll returned, "error"} as net/http's default transport hands the body over (it
// asks for gzip and decodes it). Test tooling only.
package main

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"

	jsonlines "../go-jsonlines"
)

type input struct {
	Body     string `json:"body"`
	Encoding string `json:"encoding"`
}

var (
	mu      sync.Mutex
	current input
)

func serve(w http.ResponseWriter, _ *http.Request) {
	mu.Lock()
	q := current
	mu.Unlock()
	body, _ := base64.StdEncoding.DecodeString(q.Body)
	if q.Encoding != "" {
		w.Header().Set("Content-Encoding", q.Encoding)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func main() {
	server := httptest.NewServer(http.HandlerFunc(serve))
	defer server.Close()
	jsonlines.Serve(func(q input) any {
		mu.Lock()
		current = q
		mu.Unlock()
		resp, err := http.Get(server.URL + "/lookup")
		if err != nil {
			return map[string]any{"error": "get: " + err.Error()}
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		out := map[string]any{"body": base64.StdEncoding.EncodeToString(b), "error": ""}
		if err != nil {
			out["error"] = err.Error()
		}
		return out
	})
}
