// Command go-url answers net/url.Parse for each input line (JSON {"raw"}), so that tests can compare our reading
// of GOPROXY and GOSUMDB URLs with Go's own. Each output line is JSON: the URL's fields, its String() and
// Redacted(), and the URLs cmd/go builds on it (a database lookup directly and through a proxy's /sumdb/, a
// module's .mod on a proxy); or {"error"} with Parse's error text. Test tooling only.
package main

import (
	"encoding/hex"
	"net/url"
	"path"
	"strings"

	jsonlines "../go-jsonlines"
)

// answer is url.Parse's answer for one raw URL: the fields, String() and Redacted(), or the error.
func answer(i struct {
	Raw string `json:"raw"`
}) any {
	out := map[string]any{}
	u, err := url.Parse(i.Raw)
	if err != nil {
		out["error"] = err.Error()
	} else {
		var user any
		if u.User != nil {
			p, has := u.User.Password()
			// As hex: Go's strings are bytes, and a %XX that is no UTF-8 would reach JSON as U+FFFD.
			user = map[string]any{"username": hex.EncodeToString([]byte(u.User.Username())), "password": hex.EncodeToString([]byte(p)), "hasPassword": has}
		}
		out["url"] = map[string]any{
			"scheme": u.Scheme, "opaque": u.Opaque, "user": user, "host": u.Host, "path": u.Path, "rawPath": u.RawPath,
			"omitHost": u.OmitHost, "forceQuery": u.ForceQuery, "rawQuery": u.RawQuery, "fragment": u.Fragment, "rawFragment": u.RawFragment,
		}
		out["string"] = u.String()
		out["redacted"] = u.Redacted()
		out["lookupDirect"] = webJoin(u, lookup).String()
		out["lookupViaProxy"] = webJoin(webJoin(u, "sumdb/sumdb.test"), lookup).String()
		out["mod"] = proxyModURL(u, "example.com/!burnt!sushi/!t!o!m!l", "@v/v1.2.0.mod").String()
	}
	return out
}

// lookup is a database path with a case-encoded module path, as sumdb's client asks for it.
const lookup = "lookup/example.com/!burnt!sushi/!t!o!m!l@v1.2.0"

// webJoin is cmd/go/internal/web.Join (an internal package, so written out here): the path appended to Path and,
// as written, to RawPath.
func webJoin(u *url.URL, p string) *url.URL {
	j := *u
	if p == "" {
		return &j
	}
	j.Path = strings.TrimSuffix(u.Path, "/") + "/" + strings.TrimPrefix(p, "/")
	j.RawPath = strings.TrimSuffix(u.RawPath, "/") + "/" + strings.TrimPrefix(p, "/")
	return &j
}

// proxyModURL is the URL cmd/go/internal/modfetch's proxyRepo asks for (newProxyRepo, then getBody) with the
// module path already escaped.
func proxyModURL(u *url.URL, enc, file string) *url.URL {
	base := *u
	base.Path = strings.TrimSuffix(base.Path, "/") + "/" + enc
	base.RawPath = strings.TrimSuffix(base.RawPath, "/") + "/" + pathEscape(enc)
	target := base
	target.Path = path.Join(base.Path, file)
	target.RawPath = path.Join(target.RawPath, pathEscape(file))
	return &target
}

func pathEscape(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), "%2F", "/")
}

func main() {
	jsonlines.Serve(answer)
}
