// Command go-module answers golang.org/x/mod/module and semver (Debian's copy) for each input line, JSON
// {"path", "version", "other"}, so that tests can compare our module path and version rules with Go's own. Each output
// line is JSON: every function's answer for that path and version (errors as their text, "" for none).
// Test tooling only.
package main

import (
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	jsonlines "../go-jsonlines"
)

func text(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

type input struct {
	Path    string `json:"path"`
	Version string `json:"version"`
	Other   string `json:"other"`
}

// answer is every rule's answer for one path and version.
func answer(i input) any {
	prefix, pathMajor, ok := module.SplitPathVersion(i.Path)
	escPath, escPathErr := module.EscapePath(i.Path)
	escVersion, escVersionErr := module.EscapeVersion(i.Version)
	unPath, unPathErr := module.UnescapePath(i.Path)
	unVersion, unVersionErr := module.UnescapeVersion(i.Version)
	return map[string]any{
		"checkPath":       text(module.CheckPath(i.Path)),
		"checkImportPath": text(module.CheckImportPath(i.Path)),
		"checkFilePath":   text(module.CheckFilePath(i.Path)),
		"check":           text(module.Check(i.Path, i.Version)),
		"split":           []any{prefix, pathMajor, ok},
		"checkPathMajor":  text(module.CheckPathMajor(i.Version, pathMajor)),
		"canonical":       module.CanonicalVersion(i.Version),
		"isPseudo":        module.IsPseudoVersion(i.Version),
		"escapePath":      []string{escPath, text(escPathErr)},
		"escapeVersion":   []string{escVersion, text(escVersionErr)},
		"unescapePath":    []string{unPath, text(unPathErr)},
		"unescapeVersion": []string{unVersion, text(unVersionErr)},
		"semverValid":     semver.IsValid(i.Version),
		"semverCanonical": semver.Canonical(i.Version),
		"semverMajor":     semver.Major(i.Version),
		"semverBuild":     semver.Build(i.Version),
		"semverCompare":   semver.Compare(i.Version, i.Other),
	}
}

func main() {
	jsonlines.Serve(answer)
}
