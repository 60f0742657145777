// Command go-h2-headers serves HTTPS with HTTP/2 on 127.0.0.1 through Go's own net/http, so that Go's HPACK
// encoder (Huffman strings, its dynamic table, CONTINUATION frames for large blocks) writes the response headers
// our client must read. GET /h/N answers with headers made from seed N and, as its body, each of them as
// "name hex(value)" lines, for the test to compare with what it decoded. Test tooling only.
//
// Usage: go-h2-headers -cert FILE -key FILE (prints its https://127.0.0.1:PORT URL, stops when stdin closes)
package main

import (
	"crypto/tls"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
)

// headerBytes are the bytes Go sends in a header value: tab, printable ASCII, and obs-text.
func headerBytes() []byte {
	var b []byte
	b = append(b, '\t')
	for c := 0x20; c <= 0xff; c++ {
		if c != 0x7f {
			b = append(b, byte(c))
		}
	}
	return b
}

// common is what most values are made of: short Huffman codes, so Go's encoder codes the value.
const common = "abcdefghijklmnopqrstuvwxyz0123456789-_./=:, "

// valueFor makes a value of n bytes that starts and ends with a visible byte (no whitespace to trim): mostly
// common bytes, and any byte Go sends about once in thirty, so that every Huffman code turns up, coded.
func valueFor(r *rand.Rand, n int, alphabet []byte) string {
	if n == 0 {
		return ""
	}
	v := make([]byte, n)
	for i := range v {
		if r.Intn(30) == 0 {
			v[i] = alphabet[r.Intn(len(alphabet))]
		} else {
			v[i] = common[r.Intn(len(common))]
		}
	}
	v[0], v[n-1] = 'a'+byte(r.Intn(26)), 'A'+byte(r.Intn(26))
	return string(v)
}

// fields is seed n's header set: some fresh values, one value every response repeats (Go's table indexes it),
// and for every fifth seed one value larger than a frame.
func fields(n int) map[string]string {
	r := rand.New(rand.NewSource(int64(n)))
	alphabet := headerBytes()
	f := map[string]string{"x-same": "the same value in every response"}
	for i := 0; i < 5+r.Intn(30); i++ {
		f["x-h-"+strconv.Itoa(i)] = valueFor(r, r.Intn(300), alphabet)
	}
	if n%5 == 0 {
		f["x-large"] = valueFor(r, 20000, alphabet)
	}
	return f
}

func main() {
	certFile := flag.String("cert", "", "certificate PEM")
	keyFile := flag.String("key", "", "key PEM")
	flag.Parse()
	cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/h/", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/h/"))
		if err != nil || r.ProtoMajor != 2 {
			http.Error(w, "want /h/N over HTTP/2", http.StatusBadRequest)
			return
		}
		f := fields(n)
		names := make([]string, 0, len(f))
		for name, v := range f {
			w.Header()[name] = []string{v}
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			fmt.Fprintf(w, "%s %s\n", name, hex.EncodeToString([]byte(f[name])))
		}
	})
	srv := &http.Server{Handler: mux, TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2"}}}
	go func() { _ = srv.ServeTLS(ln, "", "") }()
	fmt.Printf("https://%s\n", ln.Addr())
	_, _ = io.Copy(io.Discard, os.Stdin)
}
