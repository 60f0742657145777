// Owns: finding where a `go.toolsEnvVars` entry is written in a VS Code settings.json — read tolerantly
// (shared/settingsTree.ts, jsonc-parser: comments, trailing commas, escapes; broken text yields what can be read) —
// as the range of the entry's string value, so a setting lint can be shown on it.
// Must never: do I/O, throw on any input, or edit the text.
import { lastMember, memberValue, readSettingsTolerantly, type SettingsNode } from '../shared/settingsTree';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from '../parse/ranges';

/**
 * The range of the string value of `"go.toolsEnvVars": { "<variable>": "..." }` (the last one wins, as in VS Code);
 * `under: 'settings'` looks inside the "settings" object, where a .code-workspace file keeps workspace settings.
 */
export function findToolsEnvVar(text: string, variable: string, under?: 'settings'): Range | undefined {
  let root: SettingsNode | undefined = readSettingsTolerantly(text);
  if (root?.type === 'object' && under) root = memberValue(lastMember(root, under));
  if (root?.type !== 'object') return undefined;
  let found: SettingsNode | undefined;
  for (const m of root.children ?? []) {
    const vars = memberValue(m);
    if (m.children?.[0]?.value !== 'go.toolsEnvVars' || vars?.type !== 'object') continue;
    for (const e of vars.children ?? []) if (e.children?.[0]?.value === variable && memberValue(e)?.type === 'string') found = memberValue(e);
  }
  if (!found) return undefined;
  // Inside the quotes: the value itself.
  const end = found.offset + found.length;
  const closed = text[end - 1] === '"' && found.length >= 2;
  const doc = TextDocument.create('', 'jsonc', 0, text);
  return { start: doc.positionAt(found.offset + 1), end: doc.positionAt(closed ? end - 1 : end) };
}
