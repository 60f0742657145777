// Two go.sum lines with different h1 hashes for one module version, beside the go command: Go checks the first
// alone (modfetch haveModSumLocked). A wrong first line stops it with a checksum mismatch quoting that line; a
// wrong later line it never reads, and it goes on. Our parse and audit must say the same, never that go will fail
// on a line it does not read.
import assert from 'node:assert/strict';
import { parseGoSum } from '../../server/src/parse/gosum';
import { auditSetup, parse, tamper } from '../support/auditSetup';
import { goModDownload, greetBesideGo } from '../support/goModDownload';

describe('conflicting go.sum lines, beside the go command', function () {
  this.timeout(60_000);
  const servers = greetBesideGo();

  async function both(lines: string[]) {
    const { gp, db } = servers;
    const go = await goModDownload({ GOPROXY: gp.url, GOSUMDB: `${db.verifierKey} ${db.url}` }, { goSum: lines.join('\n') + '\n' });
    const a = await auditSetup({ GOSUMDB: `${db.verifierKey} ${db.url}`, GOPROXY: 'off' });
    try {
      const r = await a.auditor.audit(parse(lines));
      return { go, verdicts: r.verdicts, problems: parseGoSum(lines.join('\n') + '\n').problems };
    } finally {
      await a.close();
    }
  }

  it('an edit that deletes the first line: the line go read past is now the one go reads, and its verdict says so (nothing carried over)', async () => {
    const { db, gp } = servers;
    const right = gp.goSumLines[1];
    const wrong = tamper(right);
    const a = await auditSetup({ GOSUMDB: `${db.verifierKey} ${db.url}`, GOPROXY: 'off' });
    try {
      const before = await a.auditor.audit(parse([gp.goSumLines[0], right, wrong]));
      assert.match(before.verdicts[2].message, /never reads this line/);
      // As the language server moves the verdicts of unchanged lines to where they are after the edit.
      const moved = before.verdicts.filter((v) => v.line !== 1).map((v) => (v.line === 2 ? { ...v, line: 1 } : v));
      const after = await a.auditor.audit(parse([gp.goSumLines[0], wrong]), { earlier: { from: before, verdicts: moved } });
      assert.equal(after.verdicts[1].status, 'mismatch');
      assert.match(after.verdicts[1].message, /it stops with:\n\nverifying example\.com\/greet@v1\.1\.0(\/go\.mod)?: checksum mismatch/);
      assert.doesNotMatch(after.verdicts[1].message, /never reads/);
    } finally {
      await a.close();
    }
  });

  for (const kind of ['go.mod', 'zip'] as const) {
    const pick = () => {
      const right = servers.gp.goSumLines.find((l) => l.includes('/go.mod') === (kind === 'go.mod'))!;
      const other = servers.gp.goSumLines.find((l) => l !== right)!;
      return { right, wrong: tamper(right), other };
    };

    it(`${kind}: the right line first, a wrong one after: go reads the first and succeeds; the wrong line is a mismatch that go never reads`, async () => {
      const { right, wrong, other } = pick();
      const r = await both([other, right, wrong]);
      assert.equal(r.go, '', 'the go command succeeds');
      const v = r.verdicts.find((x) => x.line === 2)!;
      assert.equal(v.status, 'mismatch');
      assert.doesNotMatch(v.message ?? '', /checksum mismatch|SECURITY ERROR/, 'no Go error go never prints');
      assert.match(v.message ?? '', /never reads this line: it checks line 2/);
      const conflict = r.problems.find((p) => p.code === 'gosum.conflict')!;
      assert.match(conflict.message, /checks only line 2 and never reads this one/);
    });

    it(`${kind}: a wrong line first, the right one after: go fails on the first, in the words our verdict for it quotes`, async () => {
      const { right, wrong, other } = pick();
      const r = await both([other, wrong, right]);
      assert.match(r.go, /checksum mismatch/);
      const v = r.verdicts.find((x) => x.line === 1)!;
      assert.equal(v.status, 'mismatch');
      assert.ok((v.message ?? '').endsWith(r.go), `ours:\n${v.message}\ngo:\n${r.go}`);
      assert.equal(r.verdicts.find((x) => x.line === 2)!.status, 'verified');
    });
  }
});
