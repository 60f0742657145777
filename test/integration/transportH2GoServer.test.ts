// Our HTTP/2 client reading response headers that Go's own net/http server wrote (test/support/go-h2-headers):
// Go's HPACK encoder chooses Huffman or not, indexes into its dynamic table and evicts from it, and cuts large
// blocks into CONTINUATION frames; every header value, byte for byte, must be the one Go sent.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { testCertificates } from '../support/certs';
import { buildGoProgram } from '../support/goBuild';
import { tempDir } from '../support/sumdbClientSetup';
import { TransportFixture } from '../support/transportFixture';

describe("HTTP/2 headers as Go's net/http server writes them", function () {
  this.timeout(120_000);
  const fixture = new TransportFixture(['sum.golang.org']);
  let child: ChildProcessWithoutNullStreams | undefined;
  let base = '';

  before(async function () {
    const program = path.join(tempDir('go-h2-headers'), 'go-h2-headers');
    buildGoProgram('test/support/go-h2-headers', program);
    const certs = testCertificates();
    child = spawn(program, ['-cert', certs.server.certPath, '-key', certs.server.keyPath]);
    const [url] = await new Promise<string[]>((resolve, reject) => {
      createInterface({ input: child!.stdout }).once('line', (l) => resolve([l]));
      child!.once('exit', (code) => reject(new Error(`go-h2-headers exited (${code})`)));
    });
    base = url.replace('127.0.0.1', 'sum.golang.org');
  });

  after(async () => {
    await fixture.close();
    child?.stdin.end();
    child?.kill();
  });

  it('every value of 60 responses on one connection is the bytes Go sent: Huffman or not, indexed, evicted, continued', async () => {
    const t = fixture.transport();
    let values = 0;
    let large = 0;
    for (let n = 0; n < 60; n++) {
      const r = await t.get(`${base}/h/${n}`);
      assert.equal(r.status, 200);
      const sent = Buffer.from(r.body).toString('latin1').trim().split('\n').map((l) => l.split(' '));
      for (const [name, hex] of sent) {
        assert.equal(Buffer.from(r.headers[name] ?? '', 'latin1').toString('hex'), hex, `/h/${n} ${name}`);
        values++;
        if (hex.length > 32_768) large++;
      }
    }
    // The seeds make 735 values, 12 of them larger than a frame (so Go sent CONTINUATION frames).
    assert.equal(values, 735);
    assert.equal(large, 12);
  });
});
