// Seeded go.mod inputs for the differential test against the go command: real files, hand-written edge cases,
// and mutations of both (lines deleted, duplicated or swapped; characters Go treats specially inserted; truncation).
// Deterministic for a given seed.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { prng } from './fuzz';

export interface GoModInput { name: string; text: string }

const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** Every real go.mod we keep as a fixture. */
export function realGoMods(): GoModInput[] {
  const ref = path.join(FIXTURES, 'reference', 'gomod');
  const files = readdirSync(ref).map((f) => ({ name: `real ${f}`, text: readFileSync(path.join(ref, f), 'utf8') }));
  files.push({ name: 'real example/go.mod', text: readFileSync(path.join(FIXTURES, 'example', 'go.mod'), 'utf8') });
  return files;
}

/** Cases at the edges of Go's grammar, one or two per rule, each a whole file. */
export const EDGE_CASES: string[] = [
  'module a.com/m\n',
  // Module paths go mod edit takes and go list -m refuses (module.CheckImportPath).
  'module example.com/a:b\n',
  'module -example.com/m\n',
  'module example.com/m/\n',
  'module example.com//m\n',
  'module example.com/m/..\n',
  'module "example.com/a b"\n',
  'module example.com/caf\u00e9\n',
  'module example.com/m\u{1F600}\n',
  'module example.com/COM1\n',
  'module example.com/m~1\n',
  'module example.com/m.\n',
  'module m\n',
  '',
  'go 1.19\n',
  '// only a comment\n',
  'module a.com/m\nrequire (example.com/a v1.0.0\n)\n',
  'module a.com/m\nrequire (\n\texample.com/a v1.0.0\n)\n',
  'module a.com/m\nrequire ()\n',
  'module a.com/m\nrequire ( )\n',
  'module a.com/m\nrequire ( ) x\n',
  'module a.com/m\nrequire ( // c\n\ta.com/x v1.0.0\n) // d\n',
  'module a.com/m\nrequire (\n\ta.com/x v1.0.0\n) x\n',
  'module a.com/m\nrequire (\n\ta.com/x v1.0.0\n) "x\n',
  'module a.com/m\nrequire (\n\ta.com/x v1.0.0\n',
  'module a.com/m\nrequire (\n\ta.com/x v1.0.0',
  'module a.com/m\r\nrequire (\r\n\ta.com/x v1.0.0\r\n',
  'module a.com/m\n\trequire x v1 (\n',
  'module a.com/m\nrequire x ( v1\n',
  'module a.com/m\nrequire a.com/x (\n',
  '(\n)\n',
  ')\n',
  'module a.com/m\nrequire (\n\t(\n)\n',
  'module a.com/m\nreplace (\n\ta.com/x => ./x\n\t) extra\n)\n',
  '\uFEFFmodule a.com/m\n',
  'module a.com/m\n\uFEFF\n',
  'module\nmodule a.com/m\n',
  'module a b\nmodule a.com/m\n',
  'module "a.com/m\\q"\nmodule a.com/n\n',
  'module a.com/m\nmodule a.com/n\n',
  'module "a.com/m\n',
  'module "a.com/m',
  'module `a.com/m`\n',
  'module "a\\\nb"\n',
  'module a.com/m\nrequire "a.com/x v1.0.0\ngo 1.x\n',
  'go 1.x\nmodule "a.com/m\n',
  'module a.com/m\rrequire a.com/x v1.0.0\r\rfoo\n',
  'module a.com/m\rgo 1.19\r',
  'module a.com/m\r\nbad one\r\n',
  'module a.com/m\nretract foo\n',
  "module a.com/m\nretract 'x'\n",
  'module a.com/m\nretract "v1.0.0\\q"\n',
  'module a.com/m\nretract v1.0.0 v1.1.0\n',
  'module a.com/m\nretract [v1.0.0 v1.1.0]\n',
  'module a.com/m\nretract [v1.0.0, v1.1.0]\n',
  'module a.com/m\nretract [v1.0.0, v1.1.0] x\n',
  'module a.com/m\nretract [v1.0.0,\n',
  'module a.com/m\nretract [\n',
  'module a.com/m\nretract\n',
  'module a.com/m\nretract ( x\n',
  'module a.com/m\nretract (\n\tv1.0.0 // why\n\t[v1.1.0, v1.2.0]\n)\n',
  'module a.com/m /* x */\n',
  'module a.com/m\n/* block */\n',
  'module a.com/m\nrequire a.com/x v1.0.0 /*\n',
  'module a.com/m\u00a0b\n',
  'module a.com/m\u0001\n',
  'module a.com/m\u200b\n',
  'module a.com/\u00e9\n',
  'module a.com/m\u2028\n',
  'module a.com/m\u0085\n',
  'module a.com/m\u3000x\n',
  'module a.com/m\v\n',
  'module a.com/m\f\n',
  'module a.com/e\u0301\n',
  'module a.com/m\ue000\n',
  'module a.com/m\u00ad\n',
  'module a.com/m\n\u{1F600}\u{1F600} \u0007\n',
  'module a.com/m\nrequire a.com/x "v1.0.0\u00a0"\n',
  'module a.com/m\nrequire a.com/x v1.0.0\u{1F600}\n',
  'module a.com/m\nretract ) v1.0.0\n',
  'module a.com/m\nretract [, v1.0.0]\n',
  'module a.com/m\nretract [v1.0.0, v1.1.0\n',
  'module a.com/m\ngo 1.19\ngo 1.18\n',
  'module a.com/m\ngo 1.19 1.20\n',
  'module a.com/m\ngo 1.x\n',
  'module a.com/m\ngo (\n\t1.19\n)\n',
  'module a.com/m\nrequire a.com/x\n',
  'module a.com/m\nrequire a.com/x 1.2.3\n',
  'module a.com/m\nrequire a.com/x v1.2\n',
  'module a.com/m\nrequire a.com/x v2.0.0\n',
  'module a.com/m\nrequire a.com/x/v2 v1.0.0\n',
  'module a.com/m\nrequire a.com/x/v1 v1.0.0\n',
  'module a.com/m\nrequire a.com/x v0.0.0-2020\n',
  'module a.com/m\nrequire "a.com/x\\q" v1.0.0\n',
  'module a.com/m\nrequire a.com/x "v1.0.0\\q"\n',
  'module a.com/m\nrequire a.com/x v1.0.0+incompatible\n',
  'module a.com/m\nexclude a.com/x v1 v2\n',
  'module a.com/m\nexclude (\n\ta.com/x v1.0.0\n\ta.com/y\n)\n',
  'module a.com/m\nreplace a.com/x v1.0.0\n',
  'module a.com/m\nreplace a.com/x => b.com/y@v1.0.0\n',
  'module a.com/m\nreplace a.com/x => b.com/y\n',
  'module a.com/m\nreplace a.com/x => ./y v1.0.0\n',
  'module a.com/m\nreplace a.com/x => .\\y\n',
  'module a.com/m\nreplace a.com/x/v1 => ./y\n',
  'module a.com/m\nreplace a.com/x v2.0.0 => ./y\n',
  'module a.com/m\nreplace a.com/x v1.0.0 => b.com/y v1.0.0\n',
  'module a.com/m\nreplace a.com/x => b.com/y v1.0\n',
  'module a.com/m\nrequires a.com/x v1.0.0\n',
  'module a.com/m\nfoo (\n\tbar\n)\n',
  'module a.com/m\nrequire exclude (\n\ta.com/x v1.0.0\n)\n',
  'module a.com/m\nrequire a.com/x v1.0.0 // indirect\nrequire a.com/y v1.0.0\n',
  'module a.com/m\n[\n]\n,\n{ }\n',
  'module a.com/m\n\t\t  \n\n// trailing\n',
  'module a.com/m\nrequire a.com/\u{1F600} v1.0.0\n',
  'module a.com/m\nrequire \u{1F600}\u0001 v1.0.0\n',
  'module a.com/m\ntoolchain go1.21.0\n',
  'module a.com/m\ngodebug x=1\n',
  'module a.com/m\ntool a.com/x/cmd\n',
  'module a.com/m\nignore ./node_modules\n',
  'module a.com/m\ngo 1.21.0\n',
];

/** Characters and fragments the lexer and parser treat specially. */
const INSERTS = ['(', ')', '( ', ' (\n', '\n)', '"', '`', "'", '\uFEFF', '\r', '\n', '\r\n', '/*', '//', '\u00a0', '\u0001',
  '\u200b', '\t', '[', ']', ',', '{', '=>', ' v1.2.3', ' v2', ' x', 'module a.com/n\n', 'require ', 'retract ', '\\'];

/** One random edit: a line deleted, duplicated or swapped with the next; a fragment inserted; or the text cut. */
function edit(rand: () => number, text: string): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const lines = text.split('\n');
  const li = Math.floor(rand() * lines.length);
  const r = rand();
  if (r < 0.15) lines.splice(li, 1);
  else if (r < 0.3) lines.splice(li, 0, lines[li]);
  else if (r < 0.4 && li + 1 < lines.length) [lines[li], lines[li + 1]] = [lines[li + 1], lines[li]];
  else if (r < 0.9) {
    const at = Math.floor(rand() * (text.length + 1));
    return text.slice(0, at) + pick(INSERTS) + text.slice(at);
  } else return text.slice(0, Math.floor(rand() * (text.length + 1)));
  return lines.join('\n');
}

/**
 * A real file as go1.19 (the go here and in CI) can judge it: the go line cut to major.minor, and toolchain,
 * godebug, tool and ignore statements (newer directives) dropped. Applied to the input both sides read.
 */
export function asGo119(text: string): string {
  const out: string[] = [];
  let inNewBlock = false;
  for (const line of text.split('\n')) {
    if (inNewBlock) { inNewBlock = line.trim() !== ')'; continue; }
    const words = line.trim().split(/\s+/);
    if (['toolchain', 'godebug', 'tool', 'ignore'].includes(words[0])) { inNewBlock = words[1] === '(' && words.length === 2; continue; }
    out.push(words[0] === 'go' ? line.replace(/^(\s*go\s+[1-9][0-9]*\.[0-9]+)\.[0-9]+/, '$1') : line);
  }
  return out.join('\n');
}

/** Real files (as they are and as go1.19 can judge them), edge cases, then `mutations` mutated copies (1 to 3 edits each). */
export function goModInputs(seed: number, mutations: number): GoModInput[] {
  const rand = prng(seed);
  const real = realGoMods();
  const edges = EDGE_CASES.map((text, i) => ({ name: `edge #${i}`, text }));
  const judgeable = real.map((r) => ({ name: `${r.name} for go1.19`, text: asGo119(r.text) }));
  const mutated: GoModInput[] = [];
  for (let k = 0; k < mutations; k++) {
    // Real files are few but long: give them two fifths of the mutations.
    const from = rand() < 0.4 ? judgeable : edges;
    const base = from[Math.floor(rand() * from.length)];
    let text = base.text;
    const edits = 1 + Math.floor(rand() * 3);
    for (let e = 0; e < edits; e++) text = edit(rand, text);
    mutated.push({ name: `mutation #${k} of ${base.name}`, text });
  }
  return [...real, ...judgeable, ...edges, ...mutated];
}
