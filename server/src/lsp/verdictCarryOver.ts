// Owns: carrying the last audit's verdicts over an edit. A verdict depends only on the line's text
// ("module version[/go.mod] hash") and the database, so after an edit every unchanged line keeps its verdict at
// its new line number until the re-audit answers: diagnostics do not flicker while the audit runs. Edits touch
// few lines: the unchanged head and tail are matched in one pass, only the middle goes through a map.
// Must never: do I/O, decide a verdict, or carry a verdict to a line whose text changed.
import type { AuditResult, LineVerdict } from '../audit/verdict';
import type { GoSumLine } from '../parse/gosum';
import { runInSlices } from '../slices';

/** The lines of the last complete audit and its verdicts (malformed ones are the syntax check's). */
export interface VerdictMemory {
  lines: readonly GoSumLine[];
  /** Its verdicts in line order (an audit's are): a line's is found by walking them alongside the lines. */
  verdicts: readonly LineVerdict[];
  /** The audit they come from (its auditor knows whether they may stand without being judged again). */
  from?: AuditResult;
}

export const NO_MEMORY: VerdictMemory = { lines: [], verdicts: [] };

export function rememberVerdicts(lines: readonly GoSumLine[], verdicts: readonly LineVerdict[], from?: AuditResult): VerdictMemory {
  // No by-line copy: for a huge go.sum that is one more 100,000-entry array per audit, freed only by a full collection.
  let ordered = true;
  for (let i = 1; i < verdicts.length && ordered; i++) ordered = verdicts[i - 1].line < verdicts[i].line;
  return { lines, verdicts: ordered ? verdicts : [...verdicts].sort((a, b) => a.line - b.line), from };
}

/** The remembered verdicts of lines asked for in ascending line order. */
class VerdictWalk {
  private at = 0;
  constructor(private readonly verdicts: readonly LineVerdict[]) {}

  /** The verdict of `line`, asked for after every smaller line. */
  next(line: number): LineVerdict | undefined {
    const vs = this.verdicts;
    while (this.at < vs.length && vs[this.at].line < line) this.at++;
    const v = vs[this.at];
    return v !== undefined && v.line === line && v.status !== 'malformed' ? v : undefined;
  }
}

function sameText(a: GoSumLine, b: GoSumLine): boolean {
  // After an edit, the lines it did not touch are the very same objects (see goSumInSlices).
  return a === b || a.hash === b.hash && a.version === b.version && a.module === b.module && a.isGoMod === b.isGoMod;
}

function lineKey(l: GoSumLine): string {
  return `${l.module} ${l.version}${l.isGoMod ? '/go.mod' : ''} ${l.hash}`;
}

/** Lines compared between two looks at the clock in carryOverInSlices (copying 4,096 moved verdicts took 2 ms or more). */
const STEP_LINES = 1024;

/** The remembered verdicts of `lines` whose text is unchanged, moved to their current line numbers. */
export function carryOver(memory: VerdictMemory, lines: readonly GoSumLine[]): LineVerdict[] {
  const steps = carrySteps(memory, lines);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** carryOver for a huge go.sum: the same verdicts, yielding to the event loop after each `sliceMs` of work. */
export function carryOverInSlices(memory: VerdictMemory, lines: readonly GoSumLine[], sliceMs?: number): Promise<LineVerdict[]> {
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
  // Old lines are asked for in line order: the head, the middle, then the tail.
  const forward = new VerdictWalk(memory.verdicts);
  let head = 0;
  while (head < old.length && head < lines.length && sameText(old[head], lines[head])) {
    moved(forward.next(old[head].line), lines[head].line);
    if (++head % STEP_LINES === 0) yield;
  }
  let tail = 0;
  while (tail < old.length - head && tail < lines.length - head && sameText(old[old.length - 1 - tail], lines[lines.length - 1 - tail])) {
    if (++tail % STEP_LINES === 0) yield;
  }
  if (head < lines.length - tail) {
    const middle = new Map<string, LineVerdict>();
    for (let i = head; i < old.length - tail; i++) {
      const v = forward.next(old[i].line);
      if (v) middle.set(lineKey(old[i]), v);
      if ((i - head + 1) % STEP_LINES === 0) yield;
    }
    for (let i = head; i < lines.length - tail; i++) {
      if (middle.size) moved(middle.get(lineKey(lines[i])), lines[i].line);
      if ((i - head + 1) % STEP_LINES === 0) yield;
    }
  }
  for (let k = tail; k > 0; k--) {
    moved(forward.next(old[old.length - k].line), lines[lines.length - k].line);
    if (k % STEP_LINES === 0) yield;
  }
  out.length = n;
  return out;
}
