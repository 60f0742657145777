// Owns: grouping a go.sum's lines by module version (a version's zip and go.mod lines share one lookup), the
// groups with a line in view first, then the rest in file order.
// Must never: do I/O, or hold the event loop for long on a huge go.sum (it yields between slices).
import type { GoSumLine } from '../parse/gosum';
import { SliceClock } from '../slices';
import { recordKey } from '../sumdb/recordIndex';

/** The lines of one module version. */
export interface Group {
  module: string;
  version: string;
  /** "module@version", the VerdictCache key. */
  key: string;
  lines: GoSumLine[];
  first: number;
}

/** Adds a line to its group. Groups live for the whole audit: the usual pair gets an array of exactly two, not push's 17. */
function addLine(g: Group, l: GoSumLine): void {
  if (g.lines.length === 1) g.lines = [g.lines[0], l];
  else g.lines.push(l);
}

/** The lines in groups, each group once; those with a line in `priority` (the editor's view) first. */
export async function groupByVersion(lines: readonly GoSumLine[], priority?: { start: number; end: number }): Promise<Group[]> {
  const byKey = new Map<string, Group>();
  // Groups with a line in view, in file order (each once: go.sum is sorted, so a group's lines are neighbours
  // and a group is met again only in a file that is not).
  const inView: Group[] = [];
  const seenInView = new Set<Group>();
  let prev: Group | undefined;
  const clock = new SliceClock();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if ((i & 1023) === 0 && clock.due()) await clock.pause();
    // go.sum is sorted: a version's zip and go.mod lines are neighbours, found again without building a key.
    let g = prev !== undefined && prev.module === l.module && prev.version === l.version ? prev : undefined;
    if (!g) {
      const key = recordKey(l.module, l.version);
      g = byKey.get(key);
      if (!g) byKey.set(key, (g = { module: l.module, version: l.version, key, lines: [l], first: l.line }));
      else addLine(g, l);
    } else {
      addLine(g, l);
    }
    if (priority && l.line >= priority.start && l.line <= priority.end && !seenInView.has(g)) {
      seenInView.add(g);
      inView.push(g);
    }
    prev = g;
  }
  const all: Group[] = inView.slice();
  let i = 0;
  for (const g of byKey.values()) {
    if ((++i & 4095) === 0 && clock.due()) await clock.pause();
    if (!seenInView.has(g)) all.push(g);
  }
  return all;
}
