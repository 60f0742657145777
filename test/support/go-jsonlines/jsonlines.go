// Package jsonlines is the loop the tests' Go programs share: each line of standard input is one JSON question,
// each line of standard output the JSON answer to it, in order. Test tooling only.
package jsonlines

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

// Serve answers every line of standard input with answer's result for it, decoded as a T; a line that does not
// decode is answered {"inputError": ...}.
func Serve[T any](answer func(T) any) {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var question T
		var result any
		if err := json.Unmarshal(in.Bytes(), &question); err != nil {
			result = map[string]any{"inputError": err.Error()}
		} else {
			result = answer(question)
		}
		j, _ := json.Marshal(result)
		fmt.Fprintln(out, string(j))
	}
}
