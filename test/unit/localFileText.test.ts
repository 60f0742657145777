// Go's words for a file:// read that failed, for what a root test run cannot make happen (a refused open) and
// for errors Go's table lacks. What can happen is compared with the go command itself in remoteFiles.test.ts.
import assert from 'node:assert/strict';
import { goLocalFileText, goReadFileError, LocalFileError, readLocalFile } from '../../server/src/transport/localFiles';

const URL = 'file:///srv/goproxy/sumdb/sum.golang.org/lookup/example.com/x@v1.0.0';
const PATH = '/srv/goproxy/sumdb/sum.golang.org/lookup/example.com/x@v1.0.0';

describe('a failed read of a file:// URL, in the go command\'s words (cmd/go web.getFile, GetBytes)', () => {
  it('a refused open is Go\'s 403: "reading URL: permission denied" (EACCES and EPERM alike)', () => {
    assert.equal(goLocalFileText(URL, new LocalFileError(PATH, 'open', Object.assign(new Error('x'), { code: 'EACCES' }))), `reading ${URL}: permission denied`);
    assert.equal(goLocalFileText(URL, new LocalFileError(PATH, 'open', Object.assign(new Error('x'), { code: 'EPERM' }))), `reading ${URL}: operation not permitted`);
  });

  it('another failed open is os.Open\'s error; a failed read is wrapped as GetBytes wraps it', () => {
    assert.equal(goLocalFileText(URL, new LocalFileError(PATH, 'open', { code: 'EMFILE' })), `open ${PATH}: too many open files`);
    assert.equal(goLocalFileText(URL, new LocalFileError(PATH, 'read', { code: 'EIO' })), `reading ${URL}: read ${PATH}: input/output error`);
  });

  it('an errno Go\'s table here lacks keeps libuv\'s description, without its code and call', () => {
    const e = Object.assign(new Error(`EXDEV: cross-device link not permitted, open '${PATH}'`), { code: 'EXDEV' });
    assert.equal(goLocalFileText(URL, new LocalFileError(PATH, 'open', e)), `open ${PATH}: cross-device link not permitted`);
  });

  it('anything else (our size cap) is "reading URL: ..."', () => {
    assert.equal(goLocalFileText(URL, new Error('70000 bytes, larger than the 65536-byte limit')), `reading ${URL}: 70000 bytes, larger than the 65536-byte limit`);
  });

  it('a device is read as Go reads it and never past the cap: /dev/null is an empty file, /dev/zero stops at the limit', async () => {
    assert.deepEqual(await readLocalFile('/dev/null', 100), new Uint8Array(0));
    await assert.rejects(readLocalFile('/dev/zero', 100_000), /larger than the 100000-byte limit/);
    assert.equal(goReadFileError('/dev/null'), undefined, 'os.ReadFile reads it');
  });
});
