// Command go-isspace prints, one per line in hex, every code point for which Go's unicode.IsSpace is true (what
// strings.Fields and strings.TrimSpace go by), so that tests can compare our reading with Go's. Test tooling only.
package main

import (
	"bufio"
	"fmt"
	"os"
	"unicode"
)

func main() {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.IsSpace(r) {
			fmt.Fprintf(out, "%x\n", r)
		}
	}
}
