// Command go-match answers the go command's module path patterns (GONOSUMDB, GONOPROXY, GOPRIVATE): each input
// line is JSON {"globs", "target"} for golang.org/x/mod/module.MatchPrefixPatterns (Debian's copy) and
// {"pattern", "name"} for path.Match; each output line is JSON {"match"} with path.Match's "error" when it has one.
// Test tooling only.
package main

import (
	"path"

	"golang.org/x/mod/module"

	jsonlines "../go-jsonlines"
)

type input struct {
	Globs   *string `json:"globs"`
	Target  string  `json:"target"`
	Pattern string  `json:"pattern"`
	Name    string  `json:"name"`
}

// answer is path.Match's or MatchPrefixPatterns' answer to one question.
func answer(i input) any {
	out := map[string]any{}
	if i.Globs != nil {
		out["match"] = module.MatchPrefixPatterns(*i.Globs, i.Target)
		return out
	}
	m, err := path.Match(i.Pattern, i.Name)
	out["match"] = m
	if err != nil {
		out["error"] = err.Error()
	}
	return out
}

func main() {
	jsonlines.Serve(answer)
}
