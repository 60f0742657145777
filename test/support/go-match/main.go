// Command go-match answers the go command's module path patterns (GONOSUMDB, GONOPROXY, GOPRIVATE): each input
// line is JSON {"globs", "target"} for golang.org/x/mod/module.MatchPrefixPatterns (Debian's copy) and
// {"pattern", "name"} for path.Match; each output line is JSON {"match"} with path.Match's "error" when it has one.
// Test tooling only.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path"

	"golang.org/x/mod/module"
)

type input struct {
	Globs   *string `json:"globs"`
	Target  string  `json:"target"`
	Pattern string  `json:"pattern"`
	Name    string  `json:"name"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var i input
		if err := json.Unmarshal(in.Bytes(), &i); err != nil {
			fmt.Fprintln(out, `{"inputError":"bad json"}`)
			continue
		}
		answer := map[string]any{}
		if i.Globs != nil {
			answer["match"] = module.MatchPrefixPatterns(*i.Globs, i.Target)
		} else {
			m, err := path.Match(i.Pattern, i.Name)
			answer["match"] = m
			if err != nil {
				answer["error"] = err.Error()
			}
		}
		j, _ := json.Marshal(answer)
		fmt.Fprintln(out, string(j))
	}
}
