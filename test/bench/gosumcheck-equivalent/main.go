// Command gosumcheck-equivalent is the benchmark's baseline: what golang.org/x/exp's gosumcheck does, written
// from its documented behaviour (not copied): read a go.sum, look every line up in a checksum database through
// golang.org/x/mod/sumdb's Client with in-memory ClientOps talking HTTP to one base URL, all lookups at once in
// goroutines, compare the hashes, and print the elapsed time. Test tooling only.
//
// Usage: gosumcheck-equivalent -k VERIFIERKEY -u URL go.sum
// Prints one JSON line: {"ms": ..., "lines": ..., "verified": ..., "mismatched": ..., "failed": ...}.
// Trusts the roots in SSL_CERT_FILE, like any Go program. Built in GOPATH mode against the Debian
// golang-golang-x-mod-dev sources (GO111MODULE=off GOPATH=/usr/share/gocode go build).
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
	"sync/atomic"
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

func (o *memOps) SecurityError(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(3)
}

func main() {
	key := flag.String("k", "", "verifier key of the database")
	base := flag.String("u", "", "base URL of the database")
	flag.Parse()
	if *key == "" || *base == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gosumcheck-equivalent -k KEY -u URL go.sum")
		os.Exit(2)
	}
	text, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var lines [][]string
	for _, l := range strings.Split(string(text), "\n") {
		if f := strings.Fields(l); len(f) == 3 {
			lines = append(lines, f)
		}
	}

	ops := &memOps{
		base:   strings.TrimSuffix(*base, "/"),
		key:    *key,
		client: &http.Client{Timeout: 60 * time.Second},
		config: map[string][]byte{},
		cache:  map[string][]byte{},
	}
	client := sumdb.NewClient(ops)

	start := time.Now()
	var verified, mismatched, failed int64
	var wg sync.WaitGroup
	for _, f := range lines {
		wg.Add(1)
		go func(mod, vers, hash string) {
			defer wg.Done()
			dbLines, err := client.Lookup(mod, vers)
			if err != nil {
				atomic.AddInt64(&failed, 1)
				fmt.Fprintf(os.Stderr, "%s@%s: %v\n", mod, vers, err)
				return
			}
			want := mod + " " + vers + " " + hash
			for _, l := range dbLines {
				if l == want {
					atomic.AddInt64(&verified, 1)
					return
				}
			}
			atomic.AddInt64(&mismatched, 1)
		}(f[0], f[1], f[2])
	}
	wg.Wait()
	elapsed := time.Since(start)

	out, _ := json.Marshal(map[string]any{
		"ms":         float64(elapsed.Microseconds()) / 1000,
		"lines":      len(lines),
		"verified":   verified,
		"mismatched": mismatched,
		"failed":     failed,
	})
	fmt.Println(string(out))
}
