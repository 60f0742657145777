import assert from 'node:assert/strict';
import { parseEnvFile, setVar, unsetVar, EnvFileEditError } from '../../server/src/shared/envFile';

const SAMPLE = [
  '# written by hand',
  'GOPROXY=https://goproxy.cn,direct',
  'GOSUMDB=sum.golang.google.cn',
  'lowercase=ignored',
  ' GOFLAGS=-mod=mod',
  'NOEQUALS',
  'GOPRIVATE="corp.example.com"',
  'GOPROXY=https://proxy.golang.org,direct',
  'GONOSUMCHECK=1',
  '',
].join('\n');

describe('the go env file, read by Go\'s rules', () => {
  it('keeps the last line for a variable, as go does', () => {
    const f = parseEnvFile(SAMPLE);
    assert.equal(f.settings.get('GOPROXY')?.value, 'https://proxy.golang.org,direct');
    assert.equal(f.settings.get('GOPROXY')?.line, 7);
  });

  it('ignores comments, lines without "=", and lines not starting with A-Z', () => {
    const f = parseEnvFile(SAMPLE);
    assert.deepEqual([...f.settings.keys()].sort(), ['GONOSUMCHECK', 'GOPRIVATE', 'GOPROXY', 'GOSUMDB']);
  });

  it('keeps quotes as part of the value (Go does not unquote)', () => {
    assert.equal(parseEnvFile(SAMPLE).settings.get('GOPRIVATE')?.value, '"corp.example.com"');
  });

  it('reads a CRLF file\'s carriage return into the value, but points diagnostics before it', () => {
    const f = parseEnvFile('GONOSUMDB=corp.com\r\nGOPROXY=direct\r\n');
    const s = f.settings.get('GONOSUMDB')!;
    assert.equal(s.value, 'corp.com\r');
    assert.deepEqual([s.line, s.valueStart, s.valueEnd], [0, 10, 18]);
  });

  it('handles a file without a final newline and an empty file', () => {
    assert.equal(parseEnvFile('GOSUMDB=off').settings.get('GOSUMDB')?.value, 'off');
    assert.equal(parseEnvFile('').settings.size, 0);
  });
});

describe('editing the go env file without touching anything else', () => {
  const roundTrips = [SAMPLE, 'A=1\r\nB=2\r\n', '# only a comment', 'GOSUMDB=off', '\n\n\n', 'GOPROXY=x\n\r\n#c\r\n'];
  for (const text of roundTrips) {
    it(`setting an unrelated variable keeps ${JSON.stringify(text.slice(0, 24))} byte for byte`, () => {
      const out = setVar(text, 'GOINSECURE', 'x.example');
      const prefix = text === '' || text.endsWith('\n') ? text : text + '\n';
      assert.equal(out, prefix + 'GOINSECURE=x.example\n');
      assert.equal(unsetVar(out, 'GOINSECURE'), prefix);
    });
  }

  it('replaces the effective (last) line in place and leaves the shadowed one alone', () => {
    const out = setVar(SAMPLE, 'GOPROXY', 'https://goproxy.io,direct');
    const before = SAMPLE.split('\n');
    const after = out.split('\n');
    assert.equal(after.length, before.length);
    after.forEach((line, i) => assert.equal(line, i === 7 ? 'GOPROXY=https://goproxy.io,direct' : before[i], `line ${i}`));
    assert.equal(parseEnvFile(out).settings.get('GOPROXY')?.value, 'https://goproxy.io,direct');
  });

  it('rewrites an edited CRLF line with a plain newline, so no carriage return leaks into the value', () => {
    const out = setVar('A=1\r\nGONOSUMDB=old\r\nB=2\r\n', 'GONOSUMDB', 'corp.com');
    assert.equal(out, 'A=1\r\nGONOSUMDB=corp.com\nB=2\r\n');
    assert.equal(parseEnvFile(out).settings.get('GONOSUMDB')?.value, 'corp.com');
  });

  it('edits the last line of a file without a final newline', () => {
    assert.equal(setVar('# c\nGOSUMDB=off', 'GOSUMDB', 'sum.golang.org'), '# c\nGOSUMDB=sum.golang.org\n');
  });

  it('unset removes every line for the variable, so a shadowed one cannot come back', () => {
    const out = unsetVar(SAMPLE, 'GOPROXY');
    assert.equal(out, SAMPLE.split('\n').filter((l) => !l.startsWith('GOPROXY=')).join('\n'));
    assert.equal(parseEnvFile(out).settings.has('GOPROXY'), false);
  });

  it('refuses what go env -w refuses, in Go\'s words', () => {
    const cases: Array<[string, string, string]> = [
      ['GOENV', '/tmp/x', 'GOENV can only be set using the OS environment'],
      ['GOVERSION', 'go1', 'GOVERSION cannot be modified'],
      ['GOPROXY', 'a\nb', 'invalid newline in GOPROXY=... value'],
      ['GOPROXY', 'a\rb', 'invalid newline in GOPROXY=... value'],
      ['GOPROXY', 'a\x00b', 'invalid NUL in GOPROXY=... value'],
      ['GOPATH', '~/go', 'GOPATH entry cannot start with shell metacharacter \'~\': "~/go"'],
    ];
    for (const [name, value, message] of cases) {
      assert.throws(() => setVar('', name, value), (e: unknown) => e instanceof EnvFileEditError && e.message === message, name);
    }
  });
});
