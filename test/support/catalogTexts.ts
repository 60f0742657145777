// Test support: comparing a Chinese catalog text with its English one, for the server's and CLI's catalogs
// (test/integration/i18n.test.ts) and the client's (test/unit/explanationL10n.test.ts): the same placeholders, and
// Go's own texts and what users type or search for kept verbatim.

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

/** "..." and `...` fragments: Go's own texts and the values we quote. */
const quoted = (s: string) => [...s.matchAll(/"[^"\n]*"|`[^`\n]*`/g)].map((m) => m[0]);

const trimEnd = (s: string) => s.replace(/[.,:]+$/, '');

/** What a user types or searches for and must find as is: variables, URLs, hosts and files, commands, Go terms. */
const verbatimTokens = (s: string) => [
  ...s.match(/\b(?:GO[A-Z0-9]+|SSL_CERT_[A-Z]+|HTTPS?_PROXY)\b/g) ?? [],
  ...(s.match(/https?:\/\/[^\s"'`)（），；。]*/g) ?? []).map(trimEnd),
  ...s.match(/\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|cn|io|sum|mod)\b/g) ?? [],
  ...(s.match(/\/(?:usr|etc|sumdb)\/[^\s;)]*/g) ?? []).map(trimEnd),
  ...['go mod download', 'go env -w', 'update-ca-certificates', 'server misbehavior', 'path.Match', '-insecure',
    'name+hash+key', '/go.mod', 'go.toolsEnvVars', 'PEM', 'TLS', 'ALPN', 'HTTP', 'DNS', 'TCP', 'zip'].filter((w) => s.includes(w)),
];

/** Each check() failure names the message, so one run lists every gap. */
export function collect(check: (report: (problem: string) => void) => void): string[] {
  const problems: string[] = [];
  check((p) => problems.push(p));
  return problems;
}

export function compareTexts(name: string, english: string, chinese: string | undefined, report: (p: string) => void): void {
  if (typeof chinese !== 'string' || chinese.trim() === '') return report(`${name}: no Chinese text`);
  if (chinese === english && /[a-z]{4,} [a-z]{4,}/.test(english)) report(`${name}: Chinese text is the English one`);
  const [ep, cp] = [placeholders(english), placeholders(chinese)];
  if (ep.join() !== cp.join()) report(`${name}: placeholders {${ep.join('}, {')}} in English but {${cp.join('}, {')}} in Chinese`);
  for (const q of quoted(english)) if (!chinese.includes(q)) report(`${name}: ${q} is quoted in English but not verbatim in Chinese`);
  for (const w of verbatimTokens(english)) if (!chinese.includes(w)) report(`${name}: "${w}" must stay untranslated`);
}
