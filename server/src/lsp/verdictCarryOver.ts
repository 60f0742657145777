// Owns: carrying the last audit's verdicts over an edit. A verdict depends only on the line's text
// ("module version[/go.mod] hash") and the database, so after an edit every unchanged line keeps its verdict at
// its new line number until the re-audit answers: diagnostics do not flicker while the audit runs. Edits touch
// few lines: the unchanged head and tail are matched in one pass, only the middle goes through a map.
// Must never: do I/O, decide a verdict, or carry a verdict to a line whose text changed.
import type { LineVerdict } from '../audit/verdict';
import type { GoSumLine } from '../parse/gosum';

/** The lines of the last complete audit and its verdicts (malformed ones are the syntax check's). */
export interface VerdictMemory {
  lines: readonly GoSumLine[];
  /** Verdicts by 0-based line number. */
  byLine: readonly (LineVerdict | undefined)[];
}

export const NO_MEMORY: VerdictMemory = { lines: [], byLine: [] };

export function rememberVerdicts(lines: readonly GoSumLine[], verdicts: readonly LineVerdict[]): VerdictMemory {
  const byLine: (LineVerdict | undefined)[] = [];
  for (const v of verdicts) if (v.status !== 'malformed') byLine[v.line] = v;
  return { lines, byLine };
}

function sameText(a: GoSumLine, b: GoSumLine): boolean {
  return a.hash === b.hash && a.version === b.version && a.module === b.module && a.isGoMod === b.isGoMod;
}

function lineKey(l: GoSumLine): string {
  return `${l.module} ${l.version}${l.isGoMod ? '/go.mod' : ''} ${l.hash}`;
}

/** The remembered verdicts of `lines` whose text is unchanged, moved to their current line numbers. */
export function carryOver(memory: VerdictMemory, lines: readonly GoSumLine[]): LineVerdict[] {
  const old = memory.lines;
  if (old.length === 0) return [];
  const out: LineVerdict[] = [];
  const moved = (v: LineVerdict | undefined, line: number) => {
    if (v) out.push(v.line === line ? v : { ...v, line });
  };
  let head = 0;
  while (head < old.length && head < lines.length && sameText(old[head], lines[head])) {
    moved(memory.byLine[old[head].line], lines[head].line);
    head++;
  }
  let tail = 0;
  while (tail < old.length - head && tail < lines.length - head && sameText(old[old.length - 1 - tail], lines[lines.length - 1 - tail])) tail++;
  if (head < lines.length - tail) {
    const middle = new Map<string, LineVerdict>();
    for (let i = head; i < old.length - tail; i++) {
      const v = memory.byLine[old[i].line];
      if (v) middle.set(lineKey(old[i]), v);
    }
    for (let i = head; i < lines.length - tail; i++) if (middle.size) moved(middle.get(lineKey(lines[i])), lines[i].line);
  }
  for (let k = tail; k > 0; k--) moved(memory.byLine[old[old.length - k].line], lines[lines.length - k].line);
  return out;
}
