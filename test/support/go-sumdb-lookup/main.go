// Command go-sumdb-lookup asks golang.org/x/mod/sumdb's own Client what a lookup answers, so that tests compare
// our client with Go's on the same database: the lines, or the error text. One client serves every lookup, in
// order, with the in-memory ClientOps of go-sumdb-memops. Test tooling only.
//
// Usage: go-sumdb-lookup -k VERIFIERKEY -u URL path version [path version ...]
// Prints one JSON line per lookup: {"lines": [...]} or {"error": "..."}.
// Built in GOPATH mode against the Debian golang-golang-x-mod-dev sources (see test/support/goBuild.ts).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"golang.org/x/mod/sumdb"

	memops "../go-sumdb-memops"
)

func main() {
	key := flag.String("k", "", "verifier key of the database")
	base := flag.String("u", "", "base URL of the database")
	flag.Parse()
	if *key == "" || *base == "" || flag.NArg()%2 != 0 {
		fmt.Fprintln(os.Stderr, "usage: go-sumdb-lookup -k KEY -u URL path version [path version ...]")
		os.Exit(2)
	}
	// A fork's report goes to stderr; Lookup then returns ErrSecurity, printed like any error.
	ops := memops.New(*base, *key, 30*time.Second, func(msg string) { fmt.Fprintln(os.Stderr, msg) })
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
