// Markdown pieces written on both sides: the server's status tooltip and the client's copied reports.
// Pure: no I/O, never imports vscode (the client bundle imports this file).

/** Inline code that cannot be closed early by backticks in the value; newlines become spaces. */
export function inlineCode(value: unknown): string {
  const s = String(value ?? '').replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || s === '' ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}
