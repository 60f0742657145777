import assert from 'node:assert/strict';
import { diagnose } from '../../server/src/diagnosis/diagnose';
import { Evidence, DiagnosisContext, Verdict } from '../../server/src/shared/evidence';
import { privatePrefix, correctedGosumdb } from '../../server/src/diagnosis/fixes';
import { t } from '../../server/src/i18n';

const ctx: DiagnosisContext = { database: 'sum.golang.org', env: { GOSUMDB: 'sum.golang.org', GOPROXY: 'https://proxy.golang.org,direct' } };
const sample = { module: 'example.com/greet', version: 'v1.1.0' };
const refused: Evidence = {
  kind: 'unreachable', role: 'database', url: 'https://sum.golang.org/lookup/example.com/greet@v1.1.0', failure: 'refused',
  goError: 'Get "https://sum.golang.org/lookup/example.com/greet@v1.1.0": dial tcp 127.0.0.1:9: connect: connection refused',
};
const corp: Evidence = {
  kind: 'tls-untrusted', role: 'database', url: 'https://sum.golang.org/latest', host: 'sum.golang.org', failure: 'tls-unknown-authority',
  issuer: 'Corp-Proxy-CA', subject: 'sum.golang.org', store: '/etc/ssl/certs/ca-certificates.crt (140 certificates)',
  goError: 'Get "https://sum.golang.org/latest": tls: failed to verify certificate: x509: certificate signed by unknown authority',
};
const badSetting: Evidence = {
  kind: 'setting-error', variable: 'GOSUMDB', value: 'https://sum.golang.org,https://goproxy.cn/sumdb', goError: 'invalid GOSUMDB: malformed verifier id',
};
const notInDb: Evidence = { kind: 'not-in-database', module: 'git.corp.example/team/lib', version: 'v1.2.0', status: 410, goError: 'reading https://sum.golang.org/lookup/git.corp.example/team/lib@v1.2.0: 410 Gone' };
const verified: Evidence = { kind: 'verified', base: 'https://goproxy.cn/sumdb/sum.golang.org', via: 'proxy https://goproxy.cn', treeSize: 1000 };

describe('diagnosis: evidence to one verdict', () => {
  const table: { name: string; evidence: Evidence[]; scenario: Verdict; firstFix: Record<string, string>; goError?: string }[] = [
    { name: 'the database refuses connections: blocked, reach it through goproxy.cn first', evidence: [refused], scenario: 'blocked', firstFix: { GOPROXY: 'https://goproxy.cn,direct' },
      goError: 'go: example.com/greet@v1.1.0: verifying go.mod: example.com/greet@v1.1.0/go.mod: Get "https://sum.golang.org/lookup/example.com/greet@v1.1.0": dial tcp 127.0.0.1:9: connect: connection refused' },
    { name: 'a corporate proxy re-signs the certificate: tls-intercepted, install its root', evidence: [corp, refused], scenario: 'tls-intercepted', firstFix: {} },
    { name: 'a comma list in GOSUMDB: misconfigured, with the corrected value', evidence: [badSetting, refused], scenario: 'misconfigured',
      firstFix: { GOSUMDB: 'sum.golang.org', GOPROXY: 'https://goproxy.cn,direct' },
      goError: 'go: example.com/greet@v1.1.0: verifying go.mod: invalid GOSUMDB: malformed verifier id' },
    { name: 'GOSUMDB=off: misconfigured, turn it back on', evidence: [{ kind: 'sumdb-off', value: 'off' }], scenario: 'misconfigured', firstFix: { GOSUMDB: 'sum.golang.org' } },
    { name: 'a wrong key for sum.golang.org: misconfigured, use the known key', evidence: [{ kind: 'signature', verification: 'unverified-note', name: 'sum.golang.org', goError: 'reading tree note: note has no verifiable signatures' }], scenario: 'misconfigured', firstFix: { GOSUMDB: 'sum.golang.org' } },
    { name: 'a private module the database does not know: disagreement, GONOSUMDB for its host', evidence: [verified, notInDb], scenario: 'disagreement', firstFix: { GONOSUMDB: 'git.corp.example' } },
    { name: 'everything verified: ok, no fixes', evidence: [verified], scenario: 'ok', firstFix: {} },
  ];
  for (const row of table) {
    it(row.name, () => {
      const d = diagnose(row.evidence, ctx, sample);
      assert.equal(d.scenario, row.scenario);
      if (row.scenario === 'ok') assert.deepEqual(d.fixes, []);
      else assert.deepEqual(d.fixes[0].env, row.firstFix);
      if (row.goError) assert.equal(d.goError, row.goError);
      assert.ok(d.deciding.length > 0);
    });
  }

  it('the TLS verdict names the issuer and the store, and never suggests turning verification off', () => {
    const d = diagnose([corp], ctx, sample);
    assert.match(d.title, /Corp-Proxy-CA/);
    assert.match(d.explanation, /ca-certificates\.crt/);
    for (const f of d.fixes) {
      assert.ok(!('GOSUMDB' in f.env) && !('GOINSECURE' in f.env) && !('GOFLAGS' in f.env), JSON.stringify(f));
    }
    // Without the presented certificate: install it by hand, or pick a PEM file you have (nothing written is guessed).
    assert.deepEqual(d.fixes.map((f) => [Object.keys(f.env), f.ask?.variable, f.ask?.validate, f.certificate]), [[[], undefined, undefined, undefined], [[], 'SSL_CERT_FILE', 'pem-file', undefined]]);
  });

  it('blocked with a mirror already configured does not propose it again', () => {
    const d = diagnose([refused], { database: 'sum.golang.org', env: { GOPROXY: 'https://goproxy.cn,direct', GOSUMDB: 'sum.golang.google.cn' } }, sample);
    // The proxy address is asked for, never a placeholder written as a value.
    assert.deepEqual(d.fixes.map((f) => [f.env, f.ask?.variable, f.ask?.validate, f.ask?.placeholder]), [[{}, 'HTTPS_PROXY', 'go-proxy-url', '<your proxy address>']]);
  });

  it('a private database that is blocked gets no sum.golang.org mirror advice', () => {
    const d = diagnose([refused], { database: 'sumdb.corp.example', env: {} }, sample);
    assert.deepEqual(d.fixes.map((f) => [Object.keys(f.env), f.ask?.variable]), [[[], 'HTTPS_PROXY']]);
  });

  it('a proxy serving other bits than the database: disagreement quoting both hashes', () => {
    const d = diagnose([verified, { kind: 'hash-mismatch', module: 'github.com/acme/tool', version: 'v1.0.0', file: 'go.mod', database: 'h1:AAA=', proxy: 'h1:BBB=', goError: 'x' }], ctx, sample);
    assert.equal(d.scenario, 'disagreement');
    assert.match(d.explanation, /h1:BBB= but the database says h1:AAA=/);
    assert.deepEqual(d.fixes.map((f) => f.env), [{ GOPROXY: 'https://proxy.golang.org,direct' }, { GONOSUMDB: 'github.com/acme' }]);
  });

  it('GONOSUMDB fixes extend the existing list instead of replacing it', () => {
    const d = diagnose([notInDb], { ...ctx, env: { GONOSUMDB: 'other.example' } }, sample);
    assert.deepEqual(d.fixes[0].env, { GONOSUMDB: 'other.example,git.corp.example' });
  });

  it('private prefixes: host, or host/owner on public code hosts', () => {
    assert.equal(privatePrefix('git.corp.example/team/lib'), 'git.corp.example');
    assert.equal(privatePrefix('github.com/acme/tool/v2'), 'github.com/acme');
    assert.equal(correctedGosumdb('sum.golang.google.cn,https://x'), 'sum.golang.google.cn');
  });

  it('messages fill {params} and fall back to English for unknown locales', () => {
    assert.equal(t('step.base', { base: 'https://x', via: 'direct' }, 'xx-yy'), 'database reads go to https://x (direct)');
    assert.equal(t('step.base', { base: 'https://x' }), 'database reads go to https://x ({via})');
  });
});
