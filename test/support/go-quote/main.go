// Command go-quote prints Go's %q of each line of hex it reads (one byte string per line), so that tests can
// compare our quoting of bytes with Go's own. Test tooling only.
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		b, err := hex.DecodeString(in.Text())
		if err != nil {
			fmt.Fprintln(out, "bad hex")
			continue
		}
		fmt.Fprintf(out, "%q\n", string(b))
	}
}
