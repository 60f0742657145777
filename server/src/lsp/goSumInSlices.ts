// Owns: the editor's parse of a large go.sum without holding the event loop. The text is cut at line ends
// between two modules, each piece goes through parseGoSum on its own, and the pieces are joined with their line
// numbers moved; we yield between pieces. The joined result equals parseGoSum(text) (lines, malformed lines,
// problems): whenever a piece cannot prove that — a lone "\r", a problem that names another line (repeats), a
// module met again in a later piece — the whole text is parsed in one go instead, as before.
// Must never: do I/O, import vscode, or change what a line means.
import { parseGoSum, type GoSumParse } from '../parse/gosum';
import type { ParseProblem, Range } from '../parse/ranges';
import { SliceClock } from '../slices';

/** Texts smaller than this are parsed in one go (a few milliseconds at most). */
export const ONE_GO_CHARS = 256 << 10;
/** Lines per piece (then up to the end of that module's lines): well under a millisecond once the parser is warm, a few ms while it is cold. */
const PIECE_LINES = 512;
/** Work between two yields. */
const SLICE_MS = 6;

/** The first field of the line starting at `at` (up to its first space), for cutting between modules. */
function firstField(text: string, at: number): string {
  const sp = text.indexOf(' ', at);
  const nl = text.indexOf('\n', at);
  const end = sp < 0 ? (nl < 0 ? text.length : nl) : (nl >= 0 && nl < sp ? nl : sp);
  return text.slice(at, end);
}

function moved(r: Range, by: number): Range {
  return { start: { line: r.start.line + by, character: r.start.character }, end: { line: r.end.line + by, character: r.end.character } };
}

/**
 * parseGoSum(text), in pieces with yields between them for a large text. Resolves undefined when `stale()`
 * says the result is no longer wanted (checked at every yield).
 */
export async function parseGoSumInSlices(text: string, stale: () => boolean = () => false): Promise<GoSumParse | undefined> {
  if (text.length < ONE_GO_CHARS || /\r(?!\n)/.test(text)) return parseGoSum(text);
  const out: GoSumParse = { lines: [], malformed: [], problems: [] };
  // Modules of the pieces before this one: a module seen again may repeat a line across pieces.
  const earlier = new Set<string>();
  let start = 0;
  let lineNo = 0;
  const clock = new SliceClock(SLICE_MS);
  while (start < text.length) {
    let end = start;
    let count = 0;
    let lastLine = start;
    while (end < text.length && count < PIECE_LINES) {
      lastLine = end;
      const nl = text.indexOf('\n', end);
      end = nl < 0 ? text.length : nl + 1;
      count++;
    }
    // Go on to the end of the last line's module, so a module's lines stay in one piece.
    const lastModule = firstField(text, lastLine);
    while (end < text.length && firstField(text, end) === lastModule) {
      const nl = text.indexOf('\n', end);
      end = nl < 0 ? text.length : nl + 1;
      count++;
    }
    const piece = parseGoSum(start === 0 && end === text.length ? text : text.slice(start, end));
    const pieceModules = new Set<string>();
    for (const l of piece.lines) {
      if (earlier.has(l.module)) return parseGoSum(text);
      pieceModules.add(l.module);
      l.line += lineNo;
      out.lines.push(l);
    }
    for (const m of piece.malformed) {
      m.line += lineNo;
      out.malformed.push(m);
    }
    for (const p of piece.problems) {
      if (p.related) return parseGoSum(text);
      const shifted: ParseProblem = { ...p, range: moved(p.range, lineNo) };
      out.problems.push(shifted);
    }
    for (const m of pieceModules) earlier.add(m);
    lineNo += count;
    start = end;
    if (clock.due()) {
      await clock.pause();
      if (stale()) return undefined;
    }
  }
  return out;
}
