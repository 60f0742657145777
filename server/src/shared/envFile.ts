// The go env file (`go env -w` writes it; $GOROOT/go.env has the same shape), read by Go's rules and
// edited losslessly: every line we do not change stays byte for byte. Pure: no I/O, never imports vscode.

export interface EnvFileLine {
  /** 0-based line number. */
  line: number;
  /** The line's text without its '\n' (a CRLF line keeps its '\r' here, as Go sees it). */
  text: string;
  /** Offset of the line in the file text. */
  offset: number;
  /** Set when Go reads this line as KEY=VALUE. */
  key?: string;
  /** The value exactly as Go reads it: everything after the first '=', including a trailing '\r'. */
  value?: string;
  /** Character range of the value on this line (a trailing '\r' excluded), for diagnostics. */
  valueStart?: number;
  valueEnd?: number;
}

export interface EnvFileSetting {
  key: string;
  value: string;
  line: number;
  valueStart: number;
  valueEnd: number;
}

export interface ParsedEnvFile {
  lines: EnvFileLine[];
  /** The effective setting per key: Go keeps the last line for a key. */
  settings: Map<string, EnvFileSetting>;
}

function splitLines(text: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  let offset = 0;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) {
      out.push({ text: text.slice(offset), offset });
      break;
    }
    out.push({ text: text.slice(offset, nl), offset });
    offset = nl + 1;
  }
  return out;
}

/** Go's readEnvFile: a line counts when it has '=' and starts with 'A'..'Z'; the last one for a key wins. */
export function parseEnvFile(text: string): ParsedEnvFile {
  const lines: EnvFileLine[] = [];
  const settings = new Map<string, EnvFileSetting>();
  splitLines(text).forEach((l, index) => {
    const entry: EnvFileLine = { line: index, text: l.text, offset: l.offset };
    const eq = l.text.indexOf('=');
    const first = l.text.charCodeAt(0);
    if (eq >= 0 && first >= 0x41 && first <= 0x5a) {
      entry.key = l.text.slice(0, eq);
      entry.value = l.text.slice(eq + 1);
      entry.valueStart = eq + 1;
      entry.valueEnd = l.text.endsWith('\r') ? l.text.length - 1 : l.text.length;
      settings.set(entry.key, {
        key: entry.key, value: entry.value, line: index, valueStart: entry.valueStart, valueEnd: entry.valueEnd,
      });
    }
    lines.push(entry);
  });
  return { lines, settings };
}

export class EnvFileEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvFileEditError';
  }
}

// Variables `go env -w` refuses, with its reasons.
const READ_ONLY = new Set(['GOEXE', 'GOGCCFLAGS', 'GOHOSTARCH', 'GOHOSTOS', 'GOMOD', 'GOWORK', 'GOTOOLDIR', 'GOVERSION',
  'GOTELEMETRY', 'GOTELEMETRYDIR']);
const OS_ONLY = new Set(['GOENV', 'GODEBUG']);

/** Why `go env -w` or `go env -u` refuses to touch NAME at all, in Go's words. */
function refusedVariable(name: string): string | undefined {
  if (READ_ONLY.has(name)) return `${name} cannot be modified`;
  if (OS_ONLY.has(name)) return `${name} can only be set using the OS environment`;
  return undefined;
}

/** The checks of `go env -w NAME=VALUE` that do not depend on the toolchain, with Go's error texts. */
export function checkEnvWrite(name: string, value: string): string | undefined {
  const refused = refusedVariable(name);
  if (refused !== undefined) return refused;
  if (name === '' || name.includes('=') || /[\r\n]/.test(name) || !/^[A-Z]/.test(name)) {
    return `unknown go command variable ${name}`;
  }
  if (name === 'GOPATH') {
    if (value.startsWith('~')) return `GOPATH entry cannot start with shell metacharacter '~': ${JSON.stringify(value)}`;
  }
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) {
    return `invalid UTF-8 in ${name}=... value`;
  }
  if (value.includes('\x00')) return `invalid NUL in ${name}=... value`;
  if (/[\v\r\n]/.test(value)) return `invalid newline in ${name}=... value`;
  return undefined;
}

// `go env -w` finds a variable's line by the text before the first '=' (no '#' allowed in it).
function lineKey(text: string): string {
  const eq = text.indexOf('=');
  if (eq < 0 || text.slice(0, eq).includes('#')) return '';
  return text.slice(0, eq);
}

/**
 * Sets NAME=VALUE the way `go env -w` does, but without Go's re-sorting: the effective (last) line for
 * NAME is replaced in place, or a line is appended. Every other line is kept byte for byte. The new line
 * ends in '\n' because Go reads a '\r' as part of the value.
 */
export function setVar(text: string, name: string, value: string): string {
  const bad = checkEnvWrite(name, value);
  if (bad !== undefined) throw new EnvFileEditError(bad);
  const lines = splitLines(text);
  let last = -1;
  lines.forEach((l, i) => {
    if (lineKey(l.text) === name) last = i;
  });
  const newLine = `${name}=${value}`;
  if (last >= 0) {
    const l = lines[last];
    const end = l.offset + l.text.length;
    const after = text.slice(end); // '' for a last line without '\n', else starts with '\n'
    return text.slice(0, l.offset) + newLine + (after === '' ? '\n' : after);
  }
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  return text + sep + newLine + '\n';
}

/** Removes every line that sets NAME, as `go env -u` does; all other lines stay byte for byte. */
export function unsetVar(text: string, name: string): string {
  const refused = refusedVariable(name);
  if (refused !== undefined) throw new EnvFileEditError(refused);
  let out = '';
  // Each kept line with its own '\n' (the last line may have none).
  for (const l of splitLines(text)) if (lineKey(l.text) !== name) out += text.slice(l.offset, l.offset + l.text.length + 1);
  return out;
}
