// Owns: the editor's parse of a large go.sum without holding the event loop, and its re-parse after an edit. The
// text is cut at line ends between two modules, each piece goes through parseGoSum on its own, and the pieces are
// joined with their line numbers moved; we yield between pieces. The joined result equals parseGoSum(text) (lines,
// malformed lines, problems): whenever a piece cannot prove that — a lone "\r", a byte order mark anywhere but at
// the start, a problem that names another line (repeats), a module met in two pieces — the whole text is parsed in
// one go instead, as before.
// After an edit only the pieces it touched are parsed again; the others keep their line objects (moved to new line
// numbers when the edit added or removed lines). An edit of one line in a 100,000-line go.sum then makes a few
// hundred new objects instead of 100,000, and the collector has that much less to do while the editor waits.
// Must never: do I/O, import vscode, or change what a line means.
import { parseGoSum, type GoSumLine, type GoSumParse, type MalformedGoSumLine } from '../parse/gosum';
import type { ParseProblem, Range } from '../parse/ranges';
import { SliceClock } from '../slices';

/**
 * Texts smaller than this are parsed in one go: the largest real go.sum we know (telegraf's, 346 KB) takes ~17 ms
 * in a server just started and a few once warm, and opening it cost 4 ms more in pieces (the bench's warm
 * language-server open: 103 -> 96 ms, medians of 14).
 */
export const ONE_GO_CHARS = 512 << 10;
/** Lines per piece (then up to the end of that module's lines): well under a millisecond once the parser is warm, a few ms while it is cold. */
const PIECE_LINES = 512;
/** Texts compared this many characters at a time (one native comparison each) when looking for what an edit changed. */
const COMPARE_CHARS = 1 << 16;

/** A piece of the text and what parseGoSum made of it, with line numbers of the whole text. */
interface Piece {
  /** Offsets of the piece in its text: whole lines, the last one ending with "\n" unless it ends the text. */
  from: number;
  to: number;
  firstLine: number;
  lineCount: number;
  lines: GoSumLine[];
  malformed: MalformedGoSumLine[];
  problems: ParseProblem[];
  /** The least and greatest module of its lines ('' without lines): most pieces are ruled out by these alone. */
  least: string;
  greatest: string;
  /** Its lines' modules, made when first needed (rarely: a go.sum not in module order). */
  modules?: ReadonlySet<string>;
}

/** The pieces each parse made in pieces was joined from, for the re-parse after the next edit. */
const piecesOf = new WeakMap<GoSumParse, readonly Piece[]>();

/** The first field of the line starting at `at` (up to its first space), for cutting between modules. */
function firstField(text: string, at: number): string {
  const sp = text.indexOf(' ', at);
  const nl = text.indexOf('\n', at);
  const end = sp < 0 ? (nl < 0 ? text.length : nl) : (nl >= 0 && nl < sp ? nl : sp);
  return text.slice(at, end);
}

/** Where the line ending just before `at` starts (`at` is a line start after at least one line). */
function previousLineStart(text: string, at: number): number {
  return at >= 2 ? text.lastIndexOf('\n', at - 2) + 1 : 0;
}

function moved(r: Range, by: number): Range {
  return { start: { line: r.start.line + by, character: r.start.character }, end: { line: r.end.line + by, character: r.end.character } };
}

/**
 * A copy of text[from, to) that shares no memory with `text`: lines parsed from a plain slice would keep the
 * whole edited text alive, one more 8 MB string for every edit whose lines are still in use.
 * parse.bench.ts: 100,000 lines edited 50 times leave 89 MB of heap in use with it, 572 MB without.
 */
function detached(text: string, from: number, to: number): string {
  // Slicing the concatenation flattens it into a new string; the result is a slice of that new string.
  return (' ' + text.slice(from, to)).slice(1);
}

/**
 * Cuts text[from, to) into pieces of PIECE_LINES lines, each extended to the end of its last line's module.
 * Yields [start, end, lines] for each.
 */
function* cuts(text: string, from: number, to: number): Generator<[number, number, number]> {
  let start = from;
  while (start < to) {
    let end = start;
    let count = 0;
    let lastLine = start;
    while (end < to && count < PIECE_LINES) {
      lastLine = end;
      const nl = text.indexOf('\n', end);
      end = nl < 0 || nl >= to ? to : nl + 1;
      count++;
    }
    // Go on to the end of the last line's module, so a module's lines stay in one piece. Blank lines and lines
    // of one field (a line being typed) between them do not end it, nor does one other line in between.
    let lastModule = firstField(text, lastLine);
    let moduleBefore = firstField(text, previousLineStart(text, lastLine));
    while (end < to) {
      const field = firstField(text, end);
      const named = field !== '' && text.charCodeAt(end + field.length) === 32;
      if (named && field !== lastModule && field !== moduleBefore) break;
      if (named && field !== lastModule) {
        moduleBefore = lastModule;
        lastModule = field;
      }
      const nl = text.indexOf('\n', end);
      end = nl < 0 || nl >= to ? to : nl + 1;
      count++;
    }
    yield [start, end, count];
    start = end;
  }
}

/** parseGoSum of one piece, its numbers moved to the whole text's; undefined when a problem names another line. */
function parsePiece(source: string, from: number, to: number, firstLine: number, lineCount: number): Piece | undefined {
  const parsed = parseGoSum(source);
  for (const p of parsed.problems) if (p.related) return undefined;
  let least = '';
  let greatest = '';
  for (let i = 0; i < parsed.lines.length; i++) {
    const l = parsed.lines[i];
    l.line += firstLine;
    if (i === 0 || l.module < least) least = l.module;
    if (i === 0 || l.module > greatest) greatest = l.module;
  }
  for (const m of parsed.malformed) m.line += firstLine;
  const problems = firstLine === 0 ? parsed.problems : parsed.problems.map((p): ParseProblem => ({ ...p, range: moved(p.range, firstLine) }));
  return { from, to, firstLine, lineCount, lines: parsed.lines, malformed: parsed.malformed, problems, least, greatest };
}

/** The piece moved by `chars` characters and `lines` lines: its line objects copied only when the lines move. */
function shifted(p: Piece, chars: number, lines: number): Piece {
  if (chars === 0 && lines === 0) return p;
  if (lines === 0) return { ...p, from: p.from + chars, to: p.to + chars };
  return {
    ...p, from: p.from + chars, to: p.to + chars, firstLine: p.firstLine + lines,
    lines: p.lines.map((l) => ({ ...l, line: l.line + lines })),
    malformed: p.malformed.map((m) => ({ ...m, line: m.line + lines })),
    problems: p.problems.map((q) => ({ ...q, range: moved(q.range, lines) })),
  };
}

/**
 * Adds the piece's modules to `seen`; false when one was there already (another piece holds it). A module's lines
 * are neighbours, so each run of them is looked up once.
 */
function addModules(p: Piece, seen: Set<string>): boolean {
  const lines = p.lines;
  for (let i = 0; i < lines.length; i++) if ((i === 0 || lines[i].module !== lines[i - 1].module) && seen.has(lines[i].module)) return false;
  for (let i = 0; i < lines.length; i++) if (i === 0 || lines[i].module !== lines[i - 1].module) seen.add(lines[i].module);
  return true;
}

/** Yields to the event loop when this turn's slice is spent; true when the result is no longer wanted. */
async function paused(clock: SliceClock, stale: () => boolean): Promise<boolean> {
  if (!clock.due()) return false;
  await clock.pause();
  return stale();
}

/** True when `module` is one of the piece's. */
function holds(p: Piece, module: string): boolean {
  if (p.lines.length === 0 || module < p.least || module > p.greatest) return false;
  p.modules ??= new Set(p.lines.map((l) => l.module));
  return p.modules.has(module);
}

/** The parse joined from pieces, remembered with them. */
async function joined(pieces: Piece[], clock: SliceClock, stale: () => boolean): Promise<GoSumParse | undefined> {
  const out: GoSumParse = { lines: [], malformed: [], problems: [] };
  for (const p of pieces) {
    for (const l of p.lines) out.lines.push(l);
    for (const m of p.malformed) out.malformed.push(m);
    for (const q of p.problems) out.problems.push(q);
    if (await paused(clock, stale)) return undefined;
  }
  piecesOf.set(out, pieces);
  return out;
}

/** How many characters the two texts share at the start (at most `max`). */
async function commonPrefix(a: string, b: string, max: number, clock: SliceClock): Promise<number> {
  let p = 0;
  while (p + COMPARE_CHARS <= max && a.slice(p, p + COMPARE_CHARS) === b.slice(p, p + COMPARE_CHARS)) {
    p += COMPARE_CHARS;
    if (clock.due()) await clock.pause();
  }
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** How many characters the two texts share at the end (at most `max`). */
async function commonSuffix(a: string, b: string, max: number, clock: SliceClock): Promise<number> {
  let s = 0;
  while (s + COMPARE_CHARS <= max && a.slice(a.length - s - COMPARE_CHARS, a.length - s) === b.slice(b.length - s - COMPARE_CHARS, b.length - s)) {
    s += COMPARE_CHARS;
    if (clock.due()) await clock.pause();
  }
  while (s < max && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

/** The piece of `pieces` (which cover their text) holding offset `at`; the last one for an offset at the end. */
function pieceAt(pieces: readonly Piece[], at: number): number {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pieces[mid].from <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * `text` parsed again from the pieces of `old`'s parse: those the edit did not touch are kept as they are (moved
 * after it), the rest is cut and parsed anew. Undefined when that cannot give what one parse gives (a module of
 * the new pieces is in a kept one, or a problem names another line), 'stale' when no longer wanted.
 */
async function reparsed(old: string, pieces: readonly Piece[], text: string, clock: SliceClock, stale: () => boolean): Promise<GoSumParse | undefined | 'stale'> {
  const shorter = Math.min(old.length, text.length);
  const prefix = await commonPrefix(old, text, shorter, clock);
  const suffix = await commonSuffix(old, text, shorter - prefix, clock);
  if (stale()) return 'stale';
  const region = editedRegion(old, pieces, text, prefix, suffix);
  // An edit of most of the text is parsed like a new text (without copying it piece by piece).
  if (2 * (region.to - region.from) > text.length) return undefined;
  const { first, last } = region;
  const fresh: Piece[] = [];
  let lineNo = pieces[first].firstLine;
  for (const [start, end, count] of cuts(text, region.from, region.to)) {
    const piece = parsePiece(detached(text, start, end), start, end, lineNo, count);
    if (!piece) return undefined;
    fresh.push(piece);
    lineNo += count;
    if (await paused(clock, stale)) return 'stale';
  }
  if (!keptApart(fresh, pieces, first, last)) return undefined;
  const delta = text.length - old.length;
  const lineDelta = lineNo - (pieces[last].firstLine + pieces[last].lineCount);
  const next: Piece[] = [];
  for (let k = 0; k < first; k++) next.push(pieces[k]);
  for (const p of fresh) next.push(p);
  for (let k = last + 1; k < pieces.length; k++) {
    next.push(shifted(pieces[k], delta, lineDelta));
    if (await paused(clock, stale)) return 'stale';
  }
  return (await joined(next, clock, stale)) ?? 'stale';
}

/** The pieces an edit touched (first..last) and where they lie in the new text, [from, to). */
interface EditedRegion { first: number; last: number; from: number; to: number }

/**
 * Whole lines around an edit (from the line where the texts part to the end of the line where they meet again),
 * widened to whole pieces, and to the neighbours a module's lines go on into: a module's lines stay in one piece.
 */
function editedRegion(old: string, pieces: readonly Piece[], text: string, prefix: number, suffix: number): EditedRegion {
  const delta = text.length - old.length;
  const from = prefix === 0 ? 0 : old.lastIndexOf('\n', prefix - 1) + 1;
  let oldEnd = old.length - suffix;
  if (!(oldEnd > from && old.charCodeAt(oldEnd - 1) === 10 && text.charCodeAt(oldEnd - 1 + delta) === 10)) {
    const nl = old.indexOf('\n', oldEnd);
    oldEnd = nl < 0 ? old.length : nl + 1;
  }
  let first = pieceAt(pieces, from);
  let last = pieceAt(pieces, Math.max(from, oldEnd - 1));
  let regionFrom = pieces[first].from;
  let regionEnd = pieces[last].to + delta;
  while (first > 0 && regionFrom < regionEnd && firstField(text, regionFrom) === firstField(text, previousLineStart(text, regionFrom))) {
    regionFrom = pieces[--first].from;
  }
  while (last < pieces.length - 1 && regionFrom < regionEnd && firstField(text, regionEnd) === firstField(text, previousLineStart(text, regionEnd))) {
    regionEnd = pieces[++last].to + delta;
  }
  return { first, last, from: regionFrom, to: regionEnd };
}

/**
 * The new pieces' modules are in no kept piece (outside first..last). In a sorted go.sum no other piece's range of
 * modules even overlaps theirs, so the sets are rarely consulted.
 */
function keptApart(fresh: readonly Piece[], pieces: readonly Piece[], first: number, last: number): boolean {
  const freshModules = new Set<string>();
  let least = '';
  let greatest = '';
  for (const p of fresh) {
    if (!addModules(p, freshModules)) return false;
    if (p.lines.length > 0 && (least === '' || p.least < least)) least = p.least;
    if (p.lines.length > 0 && p.greatest > greatest) greatest = p.greatest;
  }
  for (let k = 0; k < pieces.length && freshModules.size > 0; k++) {
    if (k === first) k = last;
    else if (pieces[k].lines.length > 0 && pieces[k].least <= greatest && pieces[k].greatest >= least) {
      for (const m of freshModules) if (holds(pieces[k], m)) return false;
    }
  }
  return true;
}

/** parseGoSum(text) in pieces cut from the whole text; undefined when that cannot give what one parse gives. */
async function inPieces(text: string, clock: SliceClock, stale: () => boolean): Promise<GoSumParse | undefined | 'stale'> {
  const pieces: Piece[] = [];
  // Modules of the pieces before this one: a module seen again may repeat a line across pieces.
  const earlier = new Set<string>();
  let lineNo = 0;
  for (const [start, end, count] of cuts(text, 0, text.length)) {
    const piece = parsePiece(start === 0 && end === text.length ? text : text.slice(start, end), start, end, lineNo, count);
    if (!piece || !addModules(piece, earlier)) return undefined;
    pieces.push(piece);
    lineNo += count;
    if (await paused(clock, stale)) return 'stale';
  }
  return (await joined(pieces, clock, stale)) ?? 'stale';
}

/**
 * parseGoSum(text), in pieces with yields between them for a large text. With `previous` (the text before an
 * edit and its parse) only what the edit touched is parsed again. Resolves undefined when `stale()` says the
 * result is no longer wanted (checked at every yield).
 */
export async function parseGoSumInSlices(
  text: string, stale: () => boolean = () => false, previous?: { text: string; parse: GoSumParse },
): Promise<GoSumParse | undefined> {
  if (text.length < ONE_GO_CHARS) return parseGoSum(text);
  const clock = new SliceClock();
  // Counted from here: an edited text is a concatenation, and the first search through it copies it into one
  // string (a few ms for 8 MB), which is then this turn's work.
  clock.due();
  // A lone "\r" ends an LSP line but not a Go one; a byte order mark opens a piece as it opens the text.
  if ((text.indexOf('\r') >= 0 && /\r(?!\n)/.test(text)) || text.indexOf('\ufeff', 1) >= 0) return parseGoSum(text);
  if (await paused(clock, stale)) return undefined;
  const pieces = previous && piecesOf.get(previous.parse);
  if (previous && pieces?.length) {
    if (text === previous.text) return previous.parse;
    const again = await reparsed(previous.text, pieces, text, clock, stale);
    if (again === 'stale') return undefined;
    if (again) return again;
  }
  const parsed = await inPieces(text, clock, stale);
  if (parsed === 'stale') return undefined;
  return parsed ?? parseGoSum(text);
}
