// Command go-note opens signed notes with golang.org/x/mod/sumdb/note (Debian's copy), so that tests can compare
// our verifier-key parsing and note opening with Go's own. Each input line is JSON {"keys": [verifier keys],
// "note": base64 of the note's bytes}; each output line is JSON: {"keyError"} when a key does not parse, else
// {"error"} when the note does not open, else {"text", "sigs", "unverified"} (signatures as "name+hash8 base64").
// Test tooling only.
package main

import (
	"encoding/base64"
	"fmt"

	"golang.org/x/mod/sumdb/note"

	jsonlines "../go-jsonlines"
)

type input struct {
	Keys []string `json:"keys"`
	Note string   `json:"note"`
}

func sigs(list []note.Signature) []string {
	out := []string{}
	for _, s := range list {
		out = append(out, fmt.Sprintf("%s+%08x %s", s.Name, s.Hash, s.Base64))
	}
	return out
}

func open(in input) any {
	var vs []note.Verifier
	for _, k := range in.Keys {
		v, err := note.NewVerifier(k)
		if err != nil {
			return map[string]any{"keyError": err.Error()}
		}
		vs = append(vs, v)
	}
	msg, err := base64.StdEncoding.DecodeString(in.Note)
	if err != nil {
		return map[string]any{"inputError": err.Error()}
	}
	n, err := note.Open(msg, note.VerifierList(vs...))
	if err != nil {
		out := map[string]any{"error": err.Error()}
		if u, ok := err.(*note.UnverifiedNoteError); ok {
			out["unverified"] = sigs(u.Note.UnverifiedSigs)
		}
		return out
	}
	return map[string]any{"text": n.Text, "sigs": sigs(n.Sigs), "unverified": sigs(n.UnverifiedSigs)}
}

func main() {
	jsonlines.Serve(open)
}
