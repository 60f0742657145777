// Command go-proxy-env answers net/http.ProxyFromEnvironment (the proxy rules the go command's HTTP client
// follows: HTTPS_PROXY, HTTP_PROXY, NO_PROXY and their lower-case forms, REQUEST_METHOD) for each URL it reads,
// one per line, under the environment it was started with. Each output line is JSON: the proxy's scheme,
// userinfo, host name and port, {"none": true} when the URL goes direct, or {"error"}. Test tooling only.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		answer := map[string]any{}
		req, err := http.NewRequest("GET", in.Text(), nil)
		if err != nil {
			answer["inputError"] = err.Error()
		} else if u, err := http.ProxyFromEnvironment(req); err != nil {
			answer["error"] = err.Error()
		} else if u == nil {
			answer["none"] = true
		} else {
			answer["scheme"] = u.Scheme
			answer["user"] = u.User.String()
			answer["hostname"] = u.Hostname()
			answer["port"] = u.Port()
		}
		j, _ := json.Marshal(answer)
		fmt.Fprintln(out, string(j))
	}
}
