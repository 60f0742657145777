import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

// A tiny TextMate line matcher over `match` rules: at each position the earliest match wins (ties go to
// the rule listed first), captures get their names and nested patterns. Enough to check our grammars: each
// wraps a line in one begin/end rule (meta.line.*) whose patterns are single-line `match` rules. How they sit
// over the Go extension's grammars inside VS Code is tested there (test/vscode/suite/coexistence.test.ts).

interface Capture { name?: string; patterns?: Rule[] }
interface Rule { match?: string; begin?: string; name?: string; include?: string; patterns?: Rule[]; captures?: Record<string, Capture> }
interface Grammar { scopeName: string; patterns: Rule[]; repository: Record<string, Rule>; injectionSelector?: string }
interface Token { start: number; end: number; scope: string }

const SYNTAXES = path.join(__dirname, '..', '..', 'syntaxes');

function load(name: string): Grammar {
  return JSON.parse(readFileSync(path.join(SYNTAXES, name), 'utf8')) as Grammar;
}

function flatten(rules: Rule[], g: Grammar): Rule[] {
  const out: Rule[] = [];
  for (const r of rules) {
    if (r.include) out.push(...flatten([g.repository[r.include.slice(1)]], g));
    else if (r.match) out.push(r);
    else if (r.patterns) out.push(...flatten(r.patterns, g));  // the line rule: its begin is ^(?=.), its end $
  }
  return out;
}

function tokenize(text: string, rules: Rule[], g: Grammar, offset = 0, out: Token[] = []): Token[] {
  const flat = flatten(rules, g).map((r) => ({ r, re: new RegExp(r.match!, 'dg') }));
  let pos = 0;
  while (pos < text.length) {
    let best: { r: Rule; m: RegExpExecArray } | undefined;
    for (const { r, re } of flat) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (m && (!best || m.index < best.m.index)) best = { r, m };
    }
    if (!best) break;
    const { r, m } = best;
    const [s, e] = m.indices![0];
    if (r.name) out.push({ start: s + offset, end: e + offset, scope: r.name });
    for (const [k, cap] of Object.entries(r.captures ?? {})) {
      const span = m.indices![Number(k)];
      if (!span) continue;
      if (cap.name) out.push({ start: span[0] + offset, end: span[1] + offset, scope: cap.name });
      if (cap.patterns) tokenize(text.slice(span[0], span[1]), cap.patterns, g, span[0] + offset, out);
    }
    pos = e > pos ? e : pos + 1;
  }
  return out;
}

/** The scopes that cover exactly the first occurrence of `part` in `line`. */
function scopesOf(g: Grammar, line: string, part: string): string[] {
  const at = line.indexOf(part);
  assert.ok(at >= 0, `${part} not in ${line}`);
  return tokenize(line, g.patterns, g).filter((t) => t.start === at && t.end === at + part.length).map((t) => t.scope);
}

const manifest = JSON.parse(readFileSync(path.join(SYNTAXES, '..', 'package.json'), 'utf8')) as {
  contributes: { grammars: { language?: string; scopeName: string; path: string; injectTo?: string[] }[] };
};

describe('TextMate grammars', () => {
  for (const file of ['go.sum.tmGrammar.json', 'go.mod.tmGrammar.json']) {
    it(`${file} is JSON whose every regex compiles in JavaScript`, () => {
      const g = load(file);
      assert.equal(g.scopeName, `${file.replace('.tmGrammar.json', '')}.gosum-doctor`);
      const walk = (r: Rule | Capture): void => {
        for (const re of ['match' in r ? r.match : undefined, 'begin' in r ? r.begin : undefined]) if (re) assert.doesNotThrow(() => new RegExp(re), re);
        if ('include' in r && r.include) assert.ok(g.repository[r.include.slice(1)], `missing ${r.include}`);
        for (const p of r.patterns ?? []) walk(p);
        for (const c of Object.values(('captures' in r && r.captures) || {})) walk(c);
      };
      for (const r of [...g.patterns, ...Object.values(g.repository)]) walk(r);
    });
  }

  const sum = load('go.sum.tmGrammar.json');
  const H = 'h1:rcTgdhGf2dvXrNywJG0jkV+0342RC7PiKN0YX33Ej6Y=';

  it('colours a go.sum /go.mod line token by token', () => {
    const line = `github.com/davecgh/go-spew v1.1.1/go.mod ${H}`;
    assert.deepEqual(scopesOf(sum, line, 'github.com/davecgh/go-spew'), ['entity.name.type.module.go.sum']);
    assert.deepEqual(scopesOf(sum, line, 'v1.1.1'), ['constant.numeric.version.go.sum']);
    assert.deepEqual(scopesOf(sum, line, '/go.mod'), ['keyword.other.gomod-suffix.go.sum']);
    assert.deepEqual(scopesOf(sum, line, 'h1'), ['support.type.hash-algorithm.go.sum']);
    assert.deepEqual(scopesOf(sum, line, H.slice(3)), ['string.unquoted.hash.go.sum']);
  });

  it('knows pseudo-versions and +incompatible in go.sum', () => {
    const pseudo = `github.com/pmezard/go-difflib v1.0.1-0.20181226105442-5d4384ee4fb2 ${H}`;
    assert.deepEqual(scopesOf(sum, pseudo, 'v1.0.1-0.20181226105442-5d4384ee4fb2'), ['constant.numeric.version.pseudo.go.sum']);
    const inc = `github.com/form3tech-oss/jwt-go v3.2.2+incompatible ${H}`;
    assert.deepEqual(scopesOf(sum, inc, 'v3.2.2'), ['constant.numeric.version.go.sum']);
    assert.deepEqual(scopesOf(sum, inc, '+incompatible'), ['storage.modifier.incompatible.go.sum']);
  });

  it('marks a malformed h1 hash and a wrong field count as invalid.illegal, an unknown algorithm as such', () => {
    assert.deepEqual(scopesOf(sum, 'example.com/greet v1.1.0 h1:not-base64!', 'h1:not-base64!'), ['invalid.illegal.hash.go.sum']);
    assert.deepEqual(scopesOf(sum, 'example.com/greet v1.1.0 h1:' + H.slice(4), 'h1:' + H.slice(4)), ['invalid.illegal.hash.go.sum']);
    assert.deepEqual(scopesOf(sum, 'example.com/greet v1.1.0', 'example.com/greet v1.1.0'), ['invalid.illegal.line.go.sum']);
    assert.deepEqual(scopesOf(sum, `a.com/x v1.0.0 h2:${H.slice(3)}`, 'h2'), ['support.type.hash-algorithm.unknown.go.sum']);
  });

  const mod = load('go.mod.tmGrammar.json');

  it('colours go.mod directives, paths, versions, arrows, strings and comments', () => {
    assert.deepEqual(scopesOf(mod, 'module go.etcd.io/etcd/v3', 'module'), ['keyword.other.directive.go.mod']);
    assert.deepEqual(scopesOf(mod, 'module go.etcd.io/etcd/v3', 'go.etcd.io/etcd/v3'), ['entity.name.type.module.go.mod']);
    assert.deepEqual(scopesOf(mod, 'go 1.26', '1.26'), ['constant.numeric.go-version.go.mod']);
    assert.deepEqual(scopesOf(mod, 'toolchain go1.26.6', 'go1.26.6'), ['constant.numeric.go-version.go.mod']);
    assert.deepEqual(scopesOf(mod, 'require (', 'require'), ['keyword.other.directive.go.mod']);
    const req = '\tgithub.com/davecgh/go-spew v1.1.2-0.20180830191138-d8f796af33cc // indirect';
    assert.deepEqual(scopesOf(mod, req, 'github.com/davecgh/go-spew'), ['entity.name.type.module.go.mod']);
    assert.deepEqual(scopesOf(mod, req, 'v1.1.2-0.20180830191138-d8f796af33cc'), ['constant.numeric.version.pseudo.go.mod']);
    assert.deepEqual(scopesOf(mod, req, 'indirect'), ['keyword.other.indirect.go.mod']);
    assert.ok(scopesOf(mod, req, '// indirect').includes('comment.line.double-slash.go.mod'));
    const inc = '\tgithub.com/form3tech-oss/jwt-go v3.2.2+incompatible';
    assert.deepEqual(scopesOf(mod, inc, 'v3.2.2'), ['constant.numeric.version.go.mod']);
    assert.deepEqual(scopesOf(mod, inc, '+incompatible'), ['storage.modifier.incompatible.go.mod']);
    const rep = '\tgo.etcd.io/etcd/api/v3 => ./api';
    assert.deepEqual(scopesOf(mod, rep, '=>'), ['keyword.operator.arrow.go.mod']);
    assert.deepEqual(scopesOf(mod, rep, './api'), ['string.unquoted.local-path.go.mod']);
    assert.deepEqual(scopesOf(mod, 'module "example.com/m"', '"example.com/m"'), ['string.quoted.double.go.mod']);
    assert.deepEqual(scopesOf(mod, 'retract [v1.0.0, v1.1.0]', 'v1.0.0'), ['constant.numeric.version.go.mod']);
  });
  it('colours what go.mod and go.work hold today: use, godebug settings, toolchain, tool, ignore, retract ranges', () => {
    assert.deepEqual(scopesOf(mod, 'use ./tools', 'use'), ['keyword.other.directive.go.mod']);
    assert.deepEqual(scopesOf(mod, 'use ./tools', './tools'), ['string.unquoted.local-path.go.mod']);
    assert.deepEqual(scopesOf(mod, 'use (', 'use'), ['keyword.other.directive.go.mod']);
    const godebug = 'godebug default=go1.21';
    assert.deepEqual(scopesOf(mod, godebug, 'godebug'), ['keyword.other.directive.go.mod']);
    assert.deepEqual(scopesOf(mod, godebug, 'default'), ['variable.other.godebug.go.mod']);
    assert.deepEqual(scopesOf(mod, godebug, '='), ['keyword.operator.assignment.go.mod']);
    assert.deepEqual(scopesOf(mod, godebug, 'go1.21'), ['constant.other.godebug-value.go.mod']);
    assert.deepEqual(scopesOf(mod, '\tpanicnil=1', 'panicnil'), ['variable.other.godebug.go.mod']);
    assert.deepEqual(scopesOf(mod, 'toolchain default', 'default'), ['constant.numeric.go-version.go.mod']);
    assert.deepEqual(scopesOf(mod, 'tool golang.org/x/tools/cmd/stringer', 'tool'), ['keyword.other.directive.go.mod']);
    assert.deepEqual(scopesOf(mod, 'tool golang.org/x/tools/cmd/stringer', 'golang.org/x/tools/cmd/stringer'), ['entity.name.type.module.go.mod']);
    assert.deepEqual(scopesOf(mod, 'ignore ./node_modules', 'ignore'), ['keyword.other.directive.go.mod']);
    const retract = 'retract [v1.0.0, v1.9.9] // published too early';
    assert.deepEqual(scopesOf(mod, retract, '['), ['punctuation.separator.go.mod']);
    assert.deepEqual(scopesOf(mod, retract, 'v1.9.9'), ['constant.numeric.version.go.mod']);
    assert.deepEqual(scopesOf(mod, retract, ']'), ['punctuation.separator.go.mod']);
    // A replacement keeps its arrow: `=>` is not a godebug setting.
    assert.deepEqual(scopesOf(mod, 'replace a.com/x => b.com/x v1.0.0', '=>'), ['keyword.operator.arrow.go.mod']);
  });

  it('claims no scopeName of the Go extension, and lays each grammar over the go.mod/go.sum scopes through an injection', () => {
    const theirs = new Set(['go.mod', 'go.sum']);  // golang/vscode-go: go.mod (languages go.mod and go.work), go.sum
    for (const c of manifest.contributes.grammars) assert.ok(!theirs.has(c.scopeName), `${c.scopeName} is the Go extension's`);
    const byLanguage = Object.fromEntries(manifest.contributes.grammars.filter((c) => c.language).map((c) => [c.language, c.scopeName]));
    assert.deepEqual(byLanguage, { 'go.mod': mod.scopeName, 'go.work': mod.scopeName, 'go.sum': sum.scopeName });
    for (const [base, target] of [[mod, 'go.mod'], [sum, 'go.sum']] as const) {
      const c = manifest.contributes.grammars.find((x) => x.injectTo?.includes(target));
      assert.ok(c, `no injection into ${target}`);
      const injection = JSON.parse(readFileSync(path.join(SYNTAXES, '..', c.path), 'utf8')) as Grammar;
      assert.equal(injection.scopeName, c.scopeName);
      assert.deepEqual(injection.patterns, [{ include: base.scopeName }]);
      // L: wins ties at a line's start; the exclusion keeps it from starting again inside the line it started.
      const line = base.repository.line;
      assert.deepEqual([line.begin, line.name], ['^(?=.)', `meta.line.${target}`]);
      assert.equal(injection.injectionSelector, `L:${target} - ${line.name}`);
    }
  });
});
