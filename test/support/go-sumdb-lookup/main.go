// Command go-sumdb-lookup asks golang.org/x/mod/sumdb's own Client what a lookup answers, so that tests compare
// our client with Go's on the same database: the lines, or the error text. One client serves every lookup, in
// order, with the in-memory ClientOps of go-sumdb-memops. Test tooling only.
//
// Usage: go-sumdb-lookup -k VERIFIERKEY -u URL [path version ...]; with no lookups named, "path version" lines
// are read from stdin. Prints one JSON line per lookup: {"lines": [...]} or {"error": "..."}, with "security":
// [...] the fork reports the lookup raised.
// Built in GOPATH mode against the Debian golang-golang-x-mod-dev sources (see test/support/goBuild.ts).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/mod/sumdb"

	memops "../go-sumdb-memops"
)

func main() {
	key := flag.String("k", "", "verifier key of the database")
	base := flag.String("u", "", "base URL of the database")
	flag.Parse()
	if *key == "" || *base == "" || flag.NArg()%2 != 0 {
		fmt.Fprintln(os.Stderr, "usage: go-sumdb-lookup -k KEY -u URL [path version ...]")
		os.Exit(2)
	}
	// A fork's report is kept for the answer of the lookup that found it; Lookup then returns ErrSecurity.
	var reports []string
	ops := memops.New(*base, *key, 30*time.Second, func(msg string) { reports = append(reports, msg) })
	client := sumdb.NewClient(ops)
	lookup := func(path, vers string) {
		out := map[string]any{}
		lines, err := client.Lookup(path, vers)
		if err != nil {
			out["error"] = err.Error()
		} else {
			out["lines"] = append([]string{}, lines...)
		}
		if len(reports) > 0 {
			out["security"] = reports
			reports = nil
		}
		j, _ := json.Marshal(out)
		fmt.Println(string(j))
	}
	args := flag.Args()
	for i := 0; i < len(args); i += 2 {
		lookup(args[i], args[i+1])
	}
	if len(args) > 0 {
		return
	}
	// No lookups named: one "path version" a line from stdin, each answered before the next is read (so that a
	// test can change the database in between).
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if f := strings.Fields(in.Text()); len(f) == 2 {
			lookup(f[0], f[1])
		}
	}
}
