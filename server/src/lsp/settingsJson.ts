// Owns: finding where a `go.toolsEnvVars` entry is written in a VS Code settings.json — read tolerantly
// (parse/jsonc.ts: comments, trailing commas, escapes; broken text yields what can be read rather than an error) —
// as the range of the entry's string value, so a setting lint can be shown on it.
// Must never: do I/O, throw on any input, or edit the text.
import { lastMember, readJsoncTolerantly, type JsoncNode } from '../parse/jsonc';
import type { Range } from '../parse/ranges';

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/**
 * The range of the string value of `"go.toolsEnvVars": { "<variable>": "..." }` (the last one wins, as in VS Code);
 * `under: 'settings'` looks inside the "settings" object, where a .code-workspace file keeps workspace settings.
 */
export function findToolsEnvVar(text: string, variable: string, under?: 'settings'): Range | undefined {
  let root: JsoncNode | undefined = readJsoncTolerantly(text);
  if (root.kind === 'object' && under) root = lastMember(root, under)?.value;
  if (root?.kind !== 'object') return undefined;
  let found: { start: number; end: number } | undefined;
  for (const m of root.members) {
    if (m.key !== 'go.toolsEnvVars' || m.value.kind !== 'object') continue;
    for (const e of m.value.members) if (e.key === variable && e.value.kind === 'string') found = e.value;
  }
  if (!found) return undefined;
  // Inside the quotes: the value itself.
  const closed = text[found.end - 1] === '"' && found.end - found.start >= 2;
  return { start: positionAt(text, found.start + 1), end: positionAt(text, closed ? found.end - 1 : found.end) };
}
