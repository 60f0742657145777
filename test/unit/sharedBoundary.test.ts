// The client and the server share one home: server/src/shared (the protocol and the pure helpers both sides
// need). The client's bundle takes nothing else from the server, and what is shared takes nothing from the rest
// of the server but types, which leave no code behind.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const SHARED = path.join(ROOT, 'server', 'src', 'shared');
const SERVER = path.join(ROOT, 'server', 'src');

interface Import { file: string; target: string; typeOnly: boolean }

/** Every relative import of the .ts files in `dir` and its folders, resolved to a path. */
function relativeImports(dir: string): Import[] {
  const out: Import[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) { out.push(...relativeImports(file)); continue; }
    if (!entry.name.endsWith('.ts')) continue;
    const name = path.relative(ROOT, file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'/gm)) {
      out.push({ file: name, target: path.resolve(dir, m[2]), typeOnly: m[1] !== undefined });
    }
    for (const m of text.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)) out.push({ file: name, target: path.resolve(dir, m[1]), typeOnly: true });
  }
  return out;
}

const inside = (dir: string, target: string) => !path.relative(dir, target).startsWith('..');

describe('what the client and the server share', () => {
  it('the client imports from the server only what server/src/shared holds', () => {
    const imports = relativeImports(path.join(ROOT, 'client', 'src'));
    assert.ok(imports.some((i) => inside(SHARED, i.target)), 'the client uses the shared protocol');
    const outside = imports.filter((i) => inside(SERVER, i.target) && !inside(SHARED, i.target));
    assert.deepEqual(outside.map((i) => `${i.file} → ${path.relative(ROOT, i.target)}`), []);
  });

  it('the shared modules take code only from each other (types excepted), and never vscode', () => {
    const imports = relativeImports(SHARED);
    const code = imports.filter((i) => !i.typeOnly && !inside(SHARED, i.target));
    assert.deepEqual(code.map((i) => `${i.file} → ${path.relative(ROOT, i.target)}`), []);
    for (const name of fs.readdirSync(SHARED)) {
      assert.doesNotMatch(fs.readFileSync(path.join(SHARED, name), 'utf8'), /from 'vscode'/, name);
    }
  });
});
