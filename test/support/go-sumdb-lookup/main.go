// Command go-sumdb-lookup asks golang.org/x/mod/sumdb's own Client what a lookup answers, so that tests compare
// our client with Go's on the same database: the lines, or the error text. One client serves every lookup, in
// order, with its configuration and cache in memory, reading the database over HTTP. Test tooling only.
//
// Usage: go-sumdb-lookup -k VERIFIERKEY -u URL path version [path version ...]
// Prints one JSON line per lookup: {"lines": [...]} or {"error": "..."}.
// Built in GOPATH mode against the Debian golang-golang-x-mod-dev sources (see test/support/goBuild.ts).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb"
)

// memOps keeps the client's configuration and cache in memory and reads the database over HTTP.
type memOps struct {
	base   string
	key    string
	client *http.Client

	mu     sync.Mutex
	config map[string][]byte
	cache  map[string][]byte
}

func (o *memOps) ReadRemote(path string) ([]byte, error) {
	url := o.base + path
	resp, err := o.client.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return data, nil
}

func (o *memOps) ReadConfig(file string) ([]byte, error) {
	if file == "key" {
		return []byte(o.key), nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if data, ok := o.config[file]; ok {
		return data, nil
	}
	if strings.HasSuffix(file, "/latest") {
		return []byte{}, nil // start from the empty tree
	}
	return nil, fmt.Errorf("unknown config %s", file)
}

func (o *memOps) WriteConfig(file string, old, new []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !bytes.Equal(o.config[file], old) {
		return sumdb.ErrWriteConflict
	}
	o.config[file] = new
	return nil
}

func (o *memOps) ReadCache(file string) ([]byte, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if data, ok := o.cache[file]; ok {
		return data, nil
	}
	return nil, os.ErrNotExist
}

func (o *memOps) WriteCache(file string, data []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.cache[file] = data
}

func (o *memOps) Log(msg string) {}

// SecurityError: the report goes to stderr; Lookup then returns ErrSecurity, printed like any error.
func (o *memOps) SecurityError(msg string) {
	fmt.Fprintln(os.Stderr, msg)
}

func main() {
	key := flag.String("k", "", "verifier key of the database")
	base := flag.String("u", "", "base URL of the database")
	flag.Parse()
	if *key == "" || *base == "" || flag.NArg()%2 != 0 {
		fmt.Fprintln(os.Stderr, "usage: go-sumdb-lookup -k KEY -u URL path version [path version ...]")
		os.Exit(2)
	}
	ops := &memOps{
		base:   strings.TrimSuffix(*base, "/"),
		key:    *key,
		client: &http.Client{Timeout: 30 * time.Second},
		config: map[string][]byte{},
		cache:  map[string][]byte{},
	}
	client := sumdb.NewClient(ops)
	args := flag.Args()
	for i := 0; i < len(args); i += 2 {
		out := map[string]any{}
		lines, err := client.Lookup(args[i], args[i+1])
		if err != nil {
			out["error"] = err.Error()
		} else {
			out["lines"] = append([]string{}, lines...)
		}
		j, _ := json.Marshal(out)
		fmt.Println(string(j))
	}
}
