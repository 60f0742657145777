// Owns: parsing a go.sum for the audit without holding the event loop: a large text is parsed in pieces cut at
// line ends, yielding between pieces, with line numbers carried across. The pieces give exactly the lines and
// malformed lines one parseGoSum of the whole text gives (every line is read on its own); cross-line problems
// (conflicts, repeats) are not collected here: the syntax check reports those.
// Must never: do I/O, import vscode, or change what a line means.
import { parseGoSum, type GoSumParse } from '../parse/gosum';
import { DEFAULT_SLICE_MS } from '../slices';

/** Texts smaller than this are parsed in one go (a few milliseconds at most). */
const ONE_GO_BYTES = 256 << 10;
/** Lines per piece: about a millisecond of parsing. */
const PIECE_LINES = 2048;

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export type AuditParse = Pick<GoSumParse, 'lines' | 'malformed'>;

/** parseGoSum's lines and malformed lines, in pieces of at most `sliceMs` of work between yields. */
export async function parseInSlices(text: string, sliceMs = DEFAULT_SLICE_MS, signal?: AbortSignal): Promise<AuditParse> {
  // A lone "\r" makes LSP's line numbers differ from Go's; only the whole-text parse keeps those straight.
  if (text.length < ONE_GO_BYTES || /\r(?!\n)/.test(text)) return parseGoSum(text);
  const out: AuditParse = { lines: [], malformed: [] };
  let start = 0;
  let lineNo = 0;
  let sliceStart = performance.now();
  while (start < text.length) {
    let end = start;
    let count = 0;
    while (count < PIECE_LINES) {
      const nl = text.indexOf('\n', end);
      if (nl < 0) { end = text.length; break; }
      end = nl + 1;
      count++;
    }
    const piece = parseGoSum(start === 0 && end === text.length ? text : text.slice(start, end));
    for (const l of piece.lines) {
      l.line += lineNo;
      out.lines.push(l);
    }
    for (const m of piece.malformed) {
      m.line += lineNo;
      out.malformed.push(m);
    }
    lineNo += count;
    start = end;
    if (performance.now() - sliceStart > sliceMs) {
      await yieldNow();
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : Object.assign(new Error('audit cancelled'), { name: 'AbortError' });
      sliceStart = performance.now();
    }
  }
  return out;
}
