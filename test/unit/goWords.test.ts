import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { databaseMismatch } from '../../server/src/audit/goWords';

const REFERENCE = readFileSync(path.join(__dirname, '../fixtures/reference/go-error-messages.md'), 'utf8');
const GENUINE = 'h1:RalcL7BvFdQoW9jV0z5uDmqQxJwMff/wbvqbMOh0VR0=';
const GENUINE_MOD = 'h1:VtvJXtn+R4LZr4Nua5tgZQ4Ygouj5ivXho4BPIkxT3w=';
const TAMPERED = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** The go command's output recorded for a case, from the line naming what it verifies to 'go help module-auth'. */
function recorded(heading: string, what: string): string {
  const section = REFERENCE.slice(REFERENCE.indexOf(heading));
  const start = section.indexOf(`verifying ${what}: checksum mismatch`);
  const end = section.indexOf("see 'go help module-auth'.", start) + "see 'go help module-auth'.".length;
  assert.ok(start >= 0 && end > start, `the recording has ${heading}`);
  return section.slice(start, end);
}

describe("a go.sum line the database contradicts: our sentence, then the go command's own words", () => {
  it('a tampered zip line: what the database holds and go.sum has, then Go\'s case 2a output verbatim', () => {
    const message = databaseMismatch({ module: 'example.com/greet', version: 'v1.1.0', goMod: false, goSum: TAMPERED, database: GENUINE, sumFile: 'go.sum' }, 'sumdb.test');
    assert.equal(message,
      `sumdb.test holds ${GENUINE} for example.com/greet@v1.1.0, but go.sum has ${TAMPERED}.\n` +
      'When the go command downloads example.com/greet@v1.1.0 and gets the bits the database recorded, it stops with:\n\n' +
      recorded('## 2. Tampered go.sum line (module zip hash)', 'example.com/greet@v1.1.0'));
  });

  it('a tampered /go.mod line quotes Go\'s case 2b output verbatim', () => {
    const message = databaseMismatch({ module: 'example.com/greet', version: 'v1.1.0', goMod: true, goSum: TAMPERED, database: GENUINE_MOD, sumFile: 'go.sum' }, 'sumdb.test');
    assert.ok(message.startsWith(`sumdb.test holds ${GENUINE_MOD} for example.com/greet@v1.1.0/go.mod, but go.sum has ${TAMPERED}.\n`), message);
    assert.ok(message.endsWith(`:\n\n${recorded('## 2b. Tampered go.sum line (/go.mod hash)', 'example.com/greet@v1.1.0/go.mod')}`), message);
  });

  it('in Simplified Chinese only our sentence is translated; Go\'s output stays as Go prints it', () => {
    const en = databaseMismatch({ module: 'example.com/greet', version: 'v1.1.0', goMod: false, goSum: TAMPERED, database: GENUINE, sumFile: 'go.sum' }, 'sumdb.test');
    const zh = databaseMismatch({ module: 'example.com/greet', version: 'v1.1.0', goMod: false, goSum: TAMPERED, database: GENUINE, sumFile: 'go.sum' }, 'sumdb.test', 'zh-CN');
    assert.equal(zh,
      `sumdb.test 记录的 example.com/greet@v1.1.0 哈希是 ${GENUINE}，但 go.sum 中是 ${TAMPERED}。\n` +
      'go 命令下载 example.com/greet@v1.1.0 并得到数据库所记录的内容时，会报错停止，输出如下：\n\n' +
      recorded('## 2. Tampered go.sum line (module zip hash)', 'example.com/greet@v1.1.0'));
    assert.equal(zh.slice(zh.indexOf('\n\n')), en.slice(en.indexOf('\n\n')));
  });
});
