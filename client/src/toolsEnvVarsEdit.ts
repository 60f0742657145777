// Owns: reading and editing `go.toolsEnvVars` in the text of a VS Code settings file — a folder's
// .vscode/settings.json (top level) or a .code-workspace file (under its "settings" key, where VS Code keeps
// workspace settings of a multi-root workspace) — losslessly: comments, trailing commas, other keys and the
// layout stay byte for byte; only the entries that change are touched. Also decides which file a change goes to.
// The text is read by jsonc-parser (shared/settingsTree.ts); the edits are placed here, at the tree's offsets,
// because jsonc-parser's own `modify` drops a comment above a removed entry and reformats the object it edits.
// Must never: do I/O or import vscode. Text it cannot safely place an edit in is refused with an error.
import { commaAfter, lastMember, memberKey, memberValue, readSettingsObject, type SettingsNode } from '../../server/src/shared/settingsTree';
import { clientError } from './i18n/catalogs';

/** Where the settings sit in a file: at the top of a folder's settings.json, or under "settings" in a .code-workspace. */
export type SettingsFileKind = 'folder' | 'workspace';

const TOOLS_ENV_VARS = 'go.toolsEnvVars';

/** The object the settings live in, if the file has one. */
function settingsObject(root: SettingsNode, kind: SettingsFileKind): SettingsNode | undefined {
  if (kind === 'folder') return root;
  const s = memberValue(lastMember(root, 'settings'));
  return s?.type === 'object' ? s : undefined;
}

const membersOf = (o: SettingsNode): SettingsNode[] => o.children ?? [];
const endOf = (n: SettingsNode): number => n.offset + n.length;

/** `go.toolsEnvVars` as written in a settings file (string values; the last of duplicate keys wins, as in VS Code). */
export function readToolsEnvVars(text: string, kind: SettingsFileKind): Record<string, string> {
  const out: Record<string, string> = {};
  let root: SettingsNode;
  try { root = readSettingsObject(text); } catch { return out; }
  const container = settingsObject(root, kind);
  const vars = container && memberValue(lastMember(container, TOOLS_ENV_VARS));
  if (vars?.type !== 'object') return out;
  for (const m of membersOf(vars)) {
    const v = memberValue(m);
    if (v?.type === 'string') out[String(memberKey(m))] = v.value;
  }
  return out;
}

// ---- Layout: the edits follow the file's own line endings and indentation. ----

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function indentAt(text: string, at: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, at)))![0];
}

/** True when only blanks precede `at` on its line. */
function firstOnLine(text: string, at: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, at), at));
}

function indentUnit(text: string, root: SettingsNode): string {
  const first = membersOf(root)[0];
  if (first && firstOnLine(text, first.offset)) {
    const unit = indentAt(text, first.offset);
    if (unit !== '') return unit;
  }
  return '  ';
}

interface Layout { eol: string; unit: string }

/** `{ "k": v, ... }` laid out on its own lines, its closing brace at `indent`. */
function objectText(entries: [string, string][], indent: string, l: Layout): string {
  if (entries.length === 0) return '{}';
  const inner = entries.map(([k, v]) => `${indent}${l.unit}${JSON.stringify(k)}: ${v}`).join(`,${l.eol}`);
  return `{${l.eol}${inner}${l.eol}${indent}}`;
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** Adds `"key": value` as the last member of `o`; `value` is laid out for the member's indentation. */
function addMember(text: string, o: SettingsNode, key: string, value: (indent: string) => string, l: Layout): string {
  const close = endOf(o) - 1;
  const last = membersOf(o).at(-1);
  const indent = last && firstOnLine(text, last.offset) ? indentAt(text, last.offset) : indentAt(text, o.offset) + l.unit;
  const member = `${JSON.stringify(key)}: ${value(indent)}`;
  const lastEnd = last && endOf(last);
  const comma = last && commaAfter(text, last);
  if (firstOnLine(text, close) && text.slice(o.offset, close).includes('\n')) {
    // A new line just above the closing brace; the previous member gets its comma (a trailing-comma style is kept).
    const trailing = comma !== undefined ? ',' : '';
    const line = `${indent}${member}${trailing}${l.eol}`;
    const withLine = splice(text, lineStart(text, close), lineStart(text, close), line);
    return lastEnd !== undefined && comma === undefined ? splice(withLine, lastEnd, lastEnd, ',') : withLine;
  }
  if (lastEnd !== undefined) return splice(text, lastEnd, lastEnd, `, ${member}`);
  // An empty one-line object: open it up.
  const outer = indentAt(text, o.offset);
  return splice(text, o.offset + 1, close, `${l.eol}${indent}${member}${l.eol}${outer}`);
}

/** Deletes a member with its comma, and its whole line when it stood alone on it. */
function removeMember(text: string, o: SettingsNode, m: SettingsNode): string {
  const members = membersOf(o);
  const prev = members[members.indexOf(m) - 1];
  const comma = commaAfter(text, m);
  const prevComma = prev && commaAfter(text, prev);
  let end = comma !== undefined ? comma + 1 : endOf(m);
  let start = m.offset;
  const rest = /^[ \t]*(\r?\n|$)/.exec(text.slice(end));
  if (firstOnLine(text, start) && rest) {
    start = lineStart(text, start);
    end += rest[0].length;
  }
  let out = splice(text, start, end, '');
  // The last member had no comma: the one before it must lose its own.
  if (comma === undefined && prevComma !== undefined) {
    out = splice(out, prevComma, prevComma + 1, '');
  }
  return out;
}

/** Sets (or, for an empty value, removes) one variable; the text is parsed afresh for every change. */
function setOne(text: string, kind: SettingsFileKind, name: string, value: string): string {
  const root = readSettingsObject(text);
  const l: Layout = { eol: eolOf(text), unit: indentUnit(text, root) };
  const entry = (indent: string) => objectText([[name, JSON.stringify(value)]], indent, l);
  const container = settingsObject(root, kind);
  if (!container) {
    if (value === '') return text;
    const settings = lastMember(root, 'settings');
    if (settings) throw new Error('"settings" is not an object');
    return addMember(text, root, 'settings', (indent) => objectText([[TOOLS_ENV_VARS, entry(indent + l.unit)]], indent, l), l);
  }
  const vars = lastMember(container, TOOLS_ENV_VARS);
  const varsValue = memberValue(vars);
  if (!vars || !varsValue) return value === '' ? text : addMember(text, container, TOOLS_ENV_VARS, entry, l);
  if (varsValue.type !== 'object') {
    if (value === '') return text;
    return splice(text, varsValue.offset, endOf(varsValue), entry(indentAt(text, vars.offset)));
  }
  const found = membersOf(varsValue).filter((m) => memberKey(m) === name);
  if (value === '') {
    // Remove every entry for the name, so a shadowed duplicate cannot come back; last first keeps offsets valid.
    let out = text;
    for (let n = found.length; n > 0; n--) {
      const fresh = memberValue(lastMember(settingsObject(readSettingsObject(out), kind)!, TOOLS_ENV_VARS))!;
      out = removeMember(out, fresh, membersOf(fresh).filter((m) => memberKey(m) === name)[n - 1]);
    }
    return out;
  }
  const last = memberValue(found.at(-1));
  if (last) return last.type === 'string' && last.value === value ? text : splice(text, last.offset, endOf(last), JSON.stringify(value));
  return addMember(text, varsValue, name, () => JSON.stringify(value), l);
}

/**
 * The file's text with each variable of `env` set in `go.toolsEnvVars` ('' removes it, as `go env -u` would).
 * An empty or missing file becomes a new settings object. Throws when the text is not a settings object.
 */
export function editToolsEnvVars(text: string, kind: SettingsFileKind, env: Readonly<Record<string, string>>): string {
  if (text.trim() === '' && Object.values(env).every((v) => v === '')) return text;
  let out = text.trim() === '' ? `{}${eolOf(text)}` : text;
  try {
    for (const [name, value] of Object.entries(env)) out = setOne(out, kind, name, value);
  } catch (e) {
    throw clientError('fix.cannotEditToolsEnvVars', { reason: e instanceof Error ? e.message : String(e) });
  }
  return out;
}

export interface SettingsFileChoice {
  /** The folder's .vscode/settings.json and its text ('' when it does not exist). */
  folder: { path: string; text: string };
  /** The open .code-workspace file, when the workspace is one. */
  workspace?: { path: string; text: string };
}

/**
 * Which file a change to `go.toolsEnvVars` belongs in. A folder's own settings win over the workspace file's, so a
 * variable the folder's settings.json already sets is changed there; otherwise a .code-workspace takes workspace
 * settings (as VS Code does); a plain folder keeps them in .vscode/settings.json.
 */
export function toolsEnvVarsFile(choice: SettingsFileChoice, names: readonly string[]): { path: string; text: string; kind: SettingsFileKind } {
  const inFolder = readToolsEnvVars(choice.folder.text, 'folder');
  if (!choice.workspace || names.some((n) => n in inFolder)) return { ...choice.folder, kind: 'folder' };
  return { ...choice.workspace, kind: 'workspace' };
}
