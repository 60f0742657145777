// Command go-url answers net/url.Parse for each input line (JSON {"raw"}), so that tests can compare our reading
// of GOPROXY and GOSUMDB URLs with Go's own. Each output line is JSON: the URL's fields, its String() and
// Redacted(), or {"error"} with Parse's error text. Test tooling only.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var i struct {
			Raw string `json:"raw"`
		}
		if err := json.Unmarshal(in.Bytes(), &i); err != nil {
			fmt.Fprintln(out, `{"inputError":"bad json"}`)
			continue
		}
		answer := map[string]any{}
		u, err := url.Parse(i.Raw)
		if err != nil {
			answer["error"] = err.Error()
		} else {
			var user any
			if u.User != nil {
				p, has := u.User.Password()
				user = map[string]any{"username": u.User.Username(), "password": p, "hasPassword": has}
			}
			answer["url"] = map[string]any{
				"scheme": u.Scheme, "opaque": u.Opaque, "user": user, "host": u.Host, "path": u.Path, "rawPath": u.RawPath,
				"omitHost": u.OmitHost, "forceQuery": u.ForceQuery, "rawQuery": u.RawQuery, "fragment": u.Fragment, "rawFragment": u.RawFragment,
			}
			answer["string"] = u.String()
			answer["redacted"] = u.Redacted()
		}
		j, _ := json.Marshal(answer)
		fmt.Fprintln(out, string(j))
	}
}
