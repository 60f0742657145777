// Owns: carrying the last audit's verdicts over an edit. A verdict depends only on the line's text
// ("module version[/go.mod] hash") and the database, so after an edit every unchanged line keeps its verdict at
// its new line number until the re-audit answers: diagnostics do not flicker while the audit runs. Edits touch
// few lines: the unchanged head and tail are matched in one pass, only the middle goes through a map.
// Must never: do I/O, decide a verdict, or carry a verdict to a line whose text changed.
import type { AuditResult, LineVerdict } from '../audit/verdict';
import type { GoSumLine } from '../parse/gosum';
import { DEFAULT_SLICE_MS, runInSlices } from '../slices';

/** The lines of the last complete audit and its verdicts (malformed ones are the syntax check's). */
export interface VerdictMemory {
  lines: readonly GoSumLine[];
  /** Verdicts by 0-based line number. */
  byLine: readonly (LineVerdict | undefined)[];
  /** The audit they come from (its auditor knows whether they may stand without being judged again). */
  from?: AuditResult;
}

export const NO_MEMORY: VerdictMemory = { lines: [], byLine: [] };

export function rememberVerdicts(lines: readonly GoSumLine[], verdicts: readonly LineVerdict[], from?: AuditResult): VerdictMemory {
  // Sized up front so that out-of-order lines never make it a slow sparse array.
  const byLine = new Array<LineVerdict | undefined>(lines.length ? lines[lines.length - 1].line + 1 : 0).fill(undefined);
  for (let i = 0; i < verdicts.length; i++) if (verdicts[i].status !== 'malformed') byLine[verdicts[i].line] = verdicts[i];
  return { lines, byLine, from };
}

function sameText(a: GoSumLine, b: GoSumLine): boolean {
  // After an edit, the lines it did not touch are the very same objects (see goSumInSlices).
  return a === b || a.hash === b.hash && a.version === b.version && a.module === b.module && a.isGoMod === b.isGoMod;
}

function lineKey(l: GoSumLine): string {
  return `${l.module} ${l.version}${l.isGoMod ? '/go.mod' : ''} ${l.hash}`;
}

/** Lines compared between two looks at the clock in carryOverInSlices. */
const STEP_LINES = 4096;

/** The remembered verdicts of `lines` whose text is unchanged, moved to their current line numbers. */
export function carryOver(memory: VerdictMemory, lines: readonly GoSumLine[]): LineVerdict[] {
  const steps = carrySteps(memory, lines);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** carryOver for a huge go.sum: the same verdicts, yielding to the event loop after each `sliceMs` of work. */
export function carryOverInSlices(memory: VerdictMemory, lines: readonly GoSumLine[], sliceMs = DEFAULT_SLICE_MS): Promise<LineVerdict[]> {
  return runInSlices(carrySteps(memory, lines), sliceMs);
}

/** carryOver as steps of STEP_LINES lines each. */
function* carrySteps(memory: VerdictMemory, lines: readonly GoSumLine[]): Generator<void, LineVerdict[]> {
  const old = memory.lines;
  if (old.length === 0) return [];
  // At most one per line: sized up front and cut to length at the end, no copies left behind by growing.
  const out: LineVerdict[] = new Array(lines.length);
  let n = 0;
  const moved = (v: LineVerdict | undefined, line: number) => {
    if (v) out[n++] = v.line === line ? v : { ...v, line };
  };
  let head = 0;
  while (head < old.length && head < lines.length && sameText(old[head], lines[head])) {
    moved(memory.byLine[old[head].line], lines[head].line);
    if (++head % STEP_LINES === 0) yield;
  }
  let tail = 0;
  while (tail < old.length - head && tail < lines.length - head && sameText(old[old.length - 1 - tail], lines[lines.length - 1 - tail])) {
    if (++tail % STEP_LINES === 0) yield;
  }
  if (head < lines.length - tail) {
    const middle = new Map<string, LineVerdict>();
    for (let i = head; i < old.length - tail; i++) {
      const v = memory.byLine[old[i].line];
      if (v) middle.set(lineKey(old[i]), v);
      if ((i - head + 1) % STEP_LINES === 0) yield;
    }
    for (let i = head; i < lines.length - tail; i++) {
      if (middle.size) moved(middle.get(lineKey(lines[i])), lines[i].line);
      if ((i - head + 1) % STEP_LINES === 0) yield;
    }
  }
  for (let k = tail; k > 0; k--) {
    moved(memory.byLine[old[old.length - k].line], lines[lines.length - k].line);
    if (k % STEP_LINES === 0) yield;
  }
  out.length = n;
  return out;
}
