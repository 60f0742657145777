// A quick fix writes the go env file ($GOENV, a temp file set by runTest.mjs) losslessly: the
// comment, the CRLF line, the unknown key and every other byte stay; the preview shows exactly what
// is written; a refusal or a concurrent edit writes nothing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { EnvChangePlan } from '../../../client/src/envWriter';
import { activated } from './extensionHost';

const INITIAL = '# written by hand\nGOPROXY=https://proxy.example.invalid,direct\r\nGOPRIVATE=corp.example\nXYZ_UNKNOWN=1\nGOSUMDB=sum.golang.org+https://wrong';

describe('env writer (go env file)', () => {
  const file = process.env.GOENV ?? '';
  const noDialogs = { chooseTarget: async () => { throw new Error('target is set to goenv in the fixture settings'); }, pickFile: async () => undefined };

  beforeEach(() => {
    assert.ok(file.startsWith('/'), 'runTest.mjs sets GOENV to a temp file');
    fs.writeFileSync(file, INITIAL);
  });

  it('replaces an invalid GOSUMDB in place and keeps every other byte', async () => {
    const api = await activated();
    const previews: EnvChangePlan[] = [];
    const ok = await api.applyFix({ title: 'Use sum.golang.google.cn', env: { GOSUMDB: 'sum.golang.google.cn' } },
      { ...noDialogs, confirm: async (plan) => { previews.push(plan); return true; } });
    assert.equal(ok, true);
    const after = '# written by hand\nGOPROXY=https://proxy.example.invalid,direct\r\nGOPRIVATE=corp.example\nXYZ_UNKNOWN=1\nGOSUMDB=sum.golang.google.cn\n';
    assert.equal(fs.readFileSync(file, 'utf8'), after);
    assert.equal(previews.length, 1);
    assert.equal(previews[0].where, file);
    assert.equal(previews[0].before, INITIAL);
    assert.equal(previews[0].after, after);
  });

  it('sets two variables and unsets one in a single change', async () => {
    const api = await activated();
    const ok = await api.applyFix({ title: 'Use goproxy.cn', env: { GOPROXY: 'https://goproxy.cn,direct', GONOSUMDB: 'corp.example', GOPRIVATE: '' } },
      { ...noDialogs, confirm: async () => true });
    assert.equal(ok, true);
    assert.equal(fs.readFileSync(file, 'utf8'),
      // the replaced line loses its '\r': Go would read it as part of the value
      '# written by hand\nGOPROXY=https://goproxy.cn,direct\nXYZ_UNKNOWN=1\nGOSUMDB=sum.golang.org+https://wrong\nGONOSUMDB=corp.example\n');
  });

  it('writes nothing when the user says no', async () => {
    const api = await activated();
    const ok = await api.applyFix({ title: 'x', env: { GOSUMDB: 'off' } }, { ...noDialogs, confirm: async () => false });
    assert.equal(ok, false);
    assert.equal(fs.readFileSync(file, 'utf8'), INITIAL);
  });

  it('writes nothing when the file changed after the preview', async () => {
    const api = await activated();
    const edited = INITIAL + '\nGOFLAGS=-mod=mod\n';
    const ok = await api.applyFix({ title: 'x', env: { GOSUMDB: 'off' } },
      { ...noDialogs, confirm: async () => { fs.writeFileSync(file, edited); return true; } });
    assert.equal(ok, false);
    assert.equal(fs.readFileSync(file, 'utf8'), edited);
  });

  it('asks for the file of a "pick" fix, and never writes SSL_CERT_FILE to the go env file (go env -w refuses it)', async () => {
    const api = await activated();
    const asked: string[] = [];
    await api.applyFix({ title: 'Trust the corporate root', env: {}, pick: { variable: 'SSL_CERT_FILE', kind: 'file' } },
      { ...noDialogs, chooseTarget: async () => undefined, pickFile: async (v) => { asked.push(v); return '/etc/ssl/corp-root.pem'; }, confirm: async () => true });
    assert.deepEqual(asked, ['SSL_CERT_FILE']);
    // Go reads SSL_CERT_FILE only from its process environment: in the go env file it would do nothing.
    assert.equal(fs.readFileSync(file, 'utf8'), INITIAL);
  });
});
