// Command go-url answers net/url.Parse for each input line (JSON {"raw"}), so that tests can compare our reading
// of GOPROXY and GOSUMDB URLs with Go's own. Each output line is JSON: the URL's fields, its String() and
// Redacted(), or {"error"} with Parse's error text. Test tooling only.
package main

import (
	"net/url"

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
			user = map[string]any{"username": u.User.Username(), "password": p, "hasPassword": has}
		}
		out["url"] = map[string]any{
			"scheme": u.Scheme, "opaque": u.Opaque, "user": user, "host": u.Host, "path": u.Path, "rawPath": u.RawPath,
			"omitHost": u.OmitHost, "forceQuery": u.ForceQuery, "rawQuery": u.RawQuery, "fragment": u.Fragment, "rawFragment": u.RawFragment,
		}
		out["string"] = u.String()
		out["redacted"] = u.Redacted()
	}
	return out
}

func main() {
	jsonlines.Serve(answer)
}
