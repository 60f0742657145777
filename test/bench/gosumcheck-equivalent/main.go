// Command gosumcheck-equivalent is the benchmark's baseline: what golang.org/x/exp's gosumcheck does, written
// from its documented behaviour (not copied): read a go.sum, look every line up in a checksum database through
// golang.org/x/mod/sumdb's Client with in-memory ClientOps talking HTTP to one base URL (go-sumdb-memops), all lookups at once in
// goroutines, compare the hashes, and print the elapsed time. Test tooling only.
//
// Usage: gosumcheck-equivalent -k VERIFIERKEY -u URL [-gocache] go.sum (-gocache: also leave the cache the go command
// would, under $GOMODCACHE and $GOPATH, as after a build)
// Prints one JSON line: {"ms": ..., "lines": ..., "verified": ..., "mismatched": ..., "failed": ...}.
// Trusts the roots in SSL_CERT_FILE, like any Go program. Built in GOPATH mode against the Debian
// golang-golang-x-mod-dev sources (GO111MODULE=off GOPATH=/usr/share/gocode go build).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb"

	memops "../../support/go-sumdb-memops"
)

func main() {
	key := flag.String("k", "", "verifier key of the database")
	base := flag.String("u", "", "base URL of the database")
	goCache := flag.Bool("gocache", false, "also keep the cache where the go command keeps it ($GOMODCACHE, $GOPATH)")
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

	ops := memops.New(*base, *key, 60*time.Second, func(msg string) {
		fmt.Fprintln(os.Stderr, msg)
		os.Exit(3)
	})
	if *goCache {
		ops.PersistLikeGo(filepath.Join(os.Getenv("GOMODCACHE"), "cache", "download", "sumdb"), filepath.Join(strings.Split(os.Getenv("GOPATH"), string(filepath.ListSeparator))[0], "pkg", "sumdb"))
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
