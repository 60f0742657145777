// Command go-tlog answers golang.org/x/mod/sumdb/tlog's parsers and proof checks (Debian's copy), so that tests
// can compare ours with Go's own. Each input line is JSON with "op": "record" (ParseRecord of base64 "data"),
// "tree" (ParseTree of "text"), "tile" (ParseTilePath of "path", and Path() of what it parsed), "checkRecord" or
// "checkTree" (CheckRecord / CheckTree of base64 "proof" hashes, "t", base64 "th", "n", base64 "h"). Each output
// line is JSON: the result's fields, or {"error"}. Test tooling only.
package main

import (
	"encoding/base64"

	"golang.org/x/mod/sumdb/tlog"

	jsonlines "../go-jsonlines"
)

type input struct {
	Op    string   `json:"op"`
	Data  string   `json:"data"`
	Text  string   `json:"text"`
	Path  string   `json:"path"`
	Proof []string `json:"proof"`
	T     int64    `json:"t"`
	TH    string   `json:"th"`
	N     int64    `json:"n"`
	H     string   `json:"h"`
}

func hash(s string) tlog.Hash {
	var h tlog.Hash
	b, _ := base64.StdEncoding.DecodeString(s)
	copy(h[:], b)
	return h
}

func proof(list []string) []tlog.Hash {
	out := []tlog.Hash{}
	for _, s := range list {
		out = append(out, hash(s))
	}
	return out
}

func answer(in input) any {
	fail := func(err error) map[string]any { return map[string]any{"error": err.Error()} }
	switch in.Op {
	case "record":
		data, _ := base64.StdEncoding.DecodeString(in.Data)
		id, text, rest, err := tlog.ParseRecord(data)
		if err != nil {
			return fail(err)
		}
		return map[string]any{"id": id, "text": base64.StdEncoding.EncodeToString(text), "rest": base64.StdEncoding.EncodeToString(rest)}
	case "tree":
		t, err := tlog.ParseTree([]byte(in.Text))
		if err != nil {
			return fail(err)
		}
		return map[string]any{"n": t.N, "hash": base64.StdEncoding.EncodeToString(t.Hash[:])}
	case "tile":
		t, err := tlog.ParseTilePath(in.Path)
		if err != nil {
			return fail(err)
		}
		return map[string]any{"h": t.H, "l": t.L, "n": t.N, "w": t.W, "path": t.Path()}
	case "checkRecord":
		if err := tlog.CheckRecord(proof(in.Proof), in.T, hash(in.TH), in.N, hash(in.H)); err != nil {
			return fail(err)
		}
		return map[string]any{"ok": true}
	case "checkTree":
		if err := tlog.CheckTree(proof(in.Proof), in.T, hash(in.TH), in.N, hash(in.H)); err != nil {
			return fail(err)
		}
		return map[string]any{"ok": true}
	}
	return map[string]any{"inputError": "unknown op " + in.Op}
}

func main() {
	jsonlines.Serve(answer)
}
