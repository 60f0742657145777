// Package memops is golang.org/x/mod/sumdb ClientOps for the tests' and benches' Go programs: the client's
// configuration and cache in memory, the database read over HTTP from one base URL. Test tooling only.
package memops

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb"
)

// Ops implements sumdb.ClientOps.
type Ops struct {
	base string
	key  string
	// onSecurityError is told of a detected fork (the report).
	onSecurityError func(msg string)
	client          *http.Client

	mu     sync.Mutex
	config map[string][]byte
	cache  map[string][]byte
	// When set (PersistLikeGo), cache and config writes also land where cmd/go keeps them.
	downloadDir, sumdbDir string
}

// PersistLikeGo also writes every cache file under downloadDir ($GOMODCACHE/cache/download/sumdb) and the
// remembered tree head under sumdbDir ($GOPATH/pkg/sumdb), laid out as cmd/go's modfetch writes them.
func (o *Ops) PersistLikeGo(downloadDir, sumdbDir string) {
	o.downloadDir, o.sumdbDir = downloadDir, sumdbDir
}

func writeUnder(dir, file string, data []byte) {
	target := filepath.Join(dir, filepath.FromSlash(file))
	if os.MkdirAll(filepath.Dir(target), 0o777) == nil {
		os.WriteFile(target, data, 0o666)
	}
}

// New reads database base (a URL) verified with key; timeout bounds each request.
func New(base, key string, timeout time.Duration, onSecurityError func(msg string)) *Ops {
	return &Ops{
		base:            strings.TrimSuffix(base, "/"),
		key:             key,
		onSecurityError: onSecurityError,
		client:          &http.Client{Timeout: timeout},
		config:          map[string][]byte{},
		cache:           map[string][]byte{},
	}
}

func (o *Ops) ReadRemote(path string) ([]byte, error) {
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

func (o *Ops) ReadConfig(file string) ([]byte, error) {
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

func (o *Ops) WriteConfig(file string, old, new []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !bytes.Equal(o.config[file], old) {
		return sumdb.ErrWriteConflict
	}
	o.config[file] = new
	if o.sumdbDir != "" {
		writeUnder(o.sumdbDir, file, new)
	}
	return nil
}

func (o *Ops) ReadCache(file string) ([]byte, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if data, ok := o.cache[file]; ok {
		return data, nil
	}
	return nil, os.ErrNotExist
}

func (o *Ops) WriteCache(file string, data []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.cache[file] = data
	if o.downloadDir != "" {
		writeUnder(o.downloadDir, file, data)
	}
}

func (o *Ops) Log(msg string) {}

func (o *Ops) SecurityError(msg string) {
	o.onSecurityError(msg)
}
