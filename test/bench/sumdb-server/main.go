// Command sumdb-server is the benchmark's checksum database: golang.org/x/mod/sumdb's own Server, serving a log
// built from one go.sum file (one record per module version, in the file's order, its zip line before its
// /go.mod line) and a tree head signed with a key made at start. Every response waits a fixed latency first,
// standing for a database far away. It listens on 127.0.0.1 only: plain HTTP/1.1 on one port and, given a
// certificate, HTTPS on another (net/http offers HTTP/2 there by ALPN, with its default 250 streams).
// Test tooling only; it never outlives the bench, which holds its stdin.
//
// Usage: sumdb-server -gosum FILE [-name NAME] [-latency 20ms] [-cert FILE -key FILE]
// Prints one JSON line: {"http", "https", "name", "verifierKey", "records"}. Then reads line commands on stdin:
// "stats" answers one JSON line of counts since start (requests by kind and by protocol, connections, CPU);
// the end of stdin stops it. Built in GOPATH mode against the Debian golang-golang-x-mod-dev sources
// (GO111MODULE=off GOPATH=/usr/share/gocode go build).
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// checksumLog is a finished, unchanging log: sumdb.ServerOps over records held in memory.
type checksumLog struct {
	records [][]byte
	ids     map[string]int64 // "path@version" -> record id
	hashes  []tlog.Hash      // stored hashes, as tlog.StoredHashes lays them out
	signed  []byte           // the signed tree head of all records
}

// readHashes is the log's tlog.HashReader: an index past the end is an error, not a crash.
func (l *checksumLog) readHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(l.hashes)) {
			return nil, fmt.Errorf("hash %d is not in the log", x)
		}
		out[i] = l.hashes[x]
	}
	return out, nil
}

func (l *checksumLog) Signed(ctx context.Context) ([]byte, error) { return l.signed, nil }

func (l *checksumLog) ReadRecords(ctx context.Context, id, n int64) ([][]byte, error) {
	if id < 0 || n < 0 || id+n > int64(len(l.records)) {
		return nil, os.ErrNotExist
	}
	return l.records[id : id+n], nil
}

func (l *checksumLog) Lookup(ctx context.Context, m module.Version) (int64, error) {
	if id, ok := l.ids[m.Path+"@"+m.Version]; ok {
		return id, nil
	}
	return 0, os.ErrNotExist
}

func (l *checksumLog) ReadTileData(ctx context.Context, t tlog.Tile) ([]byte, error) {
	return tlog.ReadTileData(t, tlog.HashReaderFunc(l.readHashes))
}

// groupRecords turns go.sum text into record texts, one per module version in order of first appearance.
func groupRecords(text string) (keys []string, records map[string][]string, err error) {
	records = map[string][]string{}
	for n, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 {
			return nil, nil, fmt.Errorf("line %d: not a go.sum line: %q", n+1, line)
		}
		key := f[0] + "@" + strings.TrimSuffix(f[1], "/go.mod")
		if _, seen := records[key]; !seen {
			keys = append(keys, key)
		}
		entry := strings.Join(f, " ") + "\n"
		if strings.HasSuffix(f[1], "/go.mod") {
			records[key] = append(records[key], entry)
		} else {
			records[key] = append([]string{entry}, records[key]...)
		}
	}
	return keys, records, nil
}

// buildLog appends every record to a new log and signs its tree head with skey.
func buildLog(text, skey string) (*checksumLog, error) {
	keys, grouped, err := groupRecords(text)
	if err != nil {
		return nil, err
	}
	l := &checksumLog{ids: make(map[string]int64, len(keys))}
	for _, key := range keys {
		id := int64(len(l.records))
		rec := []byte(strings.Join(grouped[key], ""))
		hashes, err := tlog.StoredHashes(id, rec, tlog.HashReaderFunc(l.readHashes))
		if err != nil {
			return nil, err
		}
		l.records = append(l.records, rec)
		l.ids[key] = id
		l.hashes = append(l.hashes, hashes...)
	}
	size := int64(len(l.records))
	root, err := tlog.TreeHash(size, tlog.HashReaderFunc(l.readHashes))
	if err != nil {
		return nil, err
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		return nil, err
	}
	l.signed, err = note.Sign(&note.Note{Text: string(tlog.FormatTree(tlog.Tree{N: size, Hash: root}))}, signer)
	return l, err
}

// traffic counts what the servers saw, for the bench's "stats" command.
type traffic struct {
	mu          sync.Mutex
	byKind      map[string]int64 // lookups, tiles, latest, other
	byProto     map[string]int64 // "HTTP/1.1", "HTTP/2.0"
	connections int64
}

func kindOf(path string) string {
	switch {
	case strings.HasPrefix(path, "/lookup/"):
		return "lookups"
	case strings.HasPrefix(path, "/tile/"):
		return "tiles"
	case path == "/latest":
		return "latest"
	}
	return "other"
}

func (t *traffic) request(r *http.Request) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.byKind[kindOf(r.URL.Path)]++
	t.byProto[r.Proto]++
}

func (t *traffic) connState(c net.Conn, s http.ConnState) {
	if s == http.StateNew {
		t.mu.Lock()
		t.connections++
		t.mu.Unlock()
	}
}

func (t *traffic) stats() map[string]any {
	t.mu.Lock()
	defer t.mu.Unlock()
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	requests := int64(0)
	for _, n := range t.byKind {
		requests += n
	}
	return map[string]any{
		"requests": requests, "lookups": t.byKind["lookups"], "tiles": t.byKind["tiles"], "latest": t.byKind["latest"],
		"other": t.byKind["other"], "http2": t.byProto["HTTP/2.0"], "connections": t.connections,
		"cpuMs": float64(cpu.Microseconds()) / 1000,
	}
}

// delayed counts a request, waits the latency, then lets the database answer it.
func delayed(db http.Handler, latency time.Duration, t *traffic) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.request(r)
		time.Sleep(latency)
		db.ServeHTTP(w, r)
	})
}

func listen(h http.Handler, t *traffic, certFile, keyFile string) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	// Clients that drop a connection they no longer need (Go's, mid-handshake) are not the server's errors.
	srv := &http.Server{Handler: h, ConnState: t.connState, ErrorLog: log.New(io.Discard, "", 0)}
	if certFile == "" {
		go srv.Serve(ln)
		return "http://" + ln.Addr().String(), nil
	}
	// Loaded here so a bad certificate stops the start; ServeTLS still adds "h2" to the ALPN list.
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return "", err
	}
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	go srv.ServeTLS(ln, "", "")
	return "https://" + ln.Addr().String(), nil
}

func main() {
	goSum := flag.String("gosum", "", "go.sum file whose lines make up the log")
	name := flag.String("name", "sumdb.test", "the database's name (in its verifier key)")
	latency := flag.Duration("latency", 20*time.Millisecond, "added before every response")
	certFile := flag.String("cert", "", "PEM certificate for the HTTPS listener (none: HTTP only)")
	keyFile := flag.String("key", "", "PEM key for the HTTPS listener")
	flag.Parse()
	if err := run(*goSum, *name, *latency, *certFile, *keyFile); err != nil {
		fmt.Fprintln(os.Stderr, "sumdb-server:", err)
		os.Exit(1)
	}
}

func run(goSum, name string, latency time.Duration, certFile, keyFile string) error {
	text, err := os.ReadFile(goSum)
	if err != nil {
		return err
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, name)
	if err != nil {
		return err
	}
	l, err := buildLog(string(text), skey)
	if err != nil {
		return err
	}
	t := &traffic{byKind: map[string]int64{}, byProto: map[string]int64{}}
	mux := http.NewServeMux()
	db := sumdb.NewServer(l)
	for _, p := range sumdb.ServerPaths {
		mux.Handle(p, db)
	}
	h := delayed(mux, latency, t)
	hello := map[string]any{"name": name, "verifierKey": vkey, "records": len(l.records)}
	if hello["http"], err = listen(h, t, "", ""); err != nil {
		return err
	}
	if certFile != "" {
		if hello["https"], err = listen(h, t, certFile, keyFile); err != nil {
			return err
		}
	}
	out := json.NewEncoder(os.Stdout)
	out.Encode(hello)
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if strings.TrimSpace(in.Text()) == "stats" {
			out.Encode(t.stats())
		}
	}
	return nil // stdin closed: the bench is done or gone
}
