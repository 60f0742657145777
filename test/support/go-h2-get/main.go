// Command go-h2-get fetches one URL the way the go command does (cmd/go/internal/web): an http.Client whose
// transport is net/http's default one (HTTP/2 over TLS by ALPN, roots from SSL_CERT_FILE), refusing redirects to
// plain HTTP and stopping after ten, then reading the whole body. Only the dialer differs: every host name is
// found on 127.0.0.1, as our tests' resolver does, so Go and our client meet the same server. Test tooling only.
//
// Usage: go-h2-get URL. It prints "status N PROTO STATUS" (Response.Status quoted, "200 OK") and then the body, or "error TEXT" when the request failed (the
// url.Error Go prints, `Get "URL": reason`), or "body-error TEXT" when reading the body failed.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
)

// loopbackDial connects to the URL's port on 127.0.0.1, whatever host it names.
func loopbackDial(ctx context.Context, network, addr string) (net.Conn, error) {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	var d net.Dialer
	return d.DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go-h2-get URL")
		os.Exit(2)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = loopbackDial
	client := &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > 0 && via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirected from secure URL %s to insecure URL %s", via[len(via)-1].URL, req.URL)
			}
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			return nil
		},
	}
	res, err := client.Get(os.Args[1])
	if err != nil {
		fmt.Printf("error %s\n", err.Error())
		return
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		fmt.Printf("body-error %s\n", err.Error())
		return
	}
	fmt.Printf("status %d %s %q\n%s", res.StatusCode, res.Proto, res.Status, body)
}
