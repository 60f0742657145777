import assert from 'node:assert/strict';
import { parseGoproxy, ProxyEntry } from '../../server/src/goenv/goproxy';

const brief = (e: ProxyEntry) => `${e.url}${e.fallBackOnError ? '|' : ''}`;

describe('GOPROXY lists, as the go command splits them', () => {
  const table: Array<[string, string | undefined, string[]]> = [
    ['https://proxy.golang.org,direct', undefined, ['https://proxy.golang.org', 'direct']],
    ['https://a.example|https://b.example,direct', undefined, ['https://a.example|', 'https://b.example', 'direct']],
    ['goproxy.cn,direct', undefined, ['https://goproxy.cn', 'direct']], // bare hosts get https://
    ['localhost:8080', undefined, ['https://localhost:8080']],
    ['http://127.0.0.1:3000/mirror/', undefined, ['http://127.0.0.1:3000/mirror/']],
    ['file:///srv/goproxy', undefined, ['file:///srv/goproxy']],
    [' https://a.example , direct ', undefined, ['https://a.example', 'direct']], // entries are trimmed
    ['direct,https://ignored.example', undefined, ['direct']], // nothing after direct
    ['off', undefined, ['off']],
    ['https://a.example,off,https://never.example', undefined, ['https://a.example', 'off']],
    ['https://a.example,,direct', undefined, ['https://a.example', 'direct']],
    ['https://a.example,direct', 'corp.com', ['noproxy', 'https://a.example', 'direct']],
    ['direct', 'corp.com', ['direct']], // no implicit noproxy when GOPROXY is exactly direct
  ];
  for (const [goproxy, gonoproxy, want] of table) {
    it(`${JSON.stringify(goproxy)}${gonoproxy ? ` with GONOPROXY=${gonoproxy}` : ''} → ${want.join(' ')}`, () => {
      const r = parseGoproxy(goproxy, { gonoproxy });
      assert.equal(r.ok, true, r.ok ? '' : r.error);
      assert.deepEqual(r.entries.map(brief), want);
    });
  }

  const errors: Array<[string, string]> = [
    [',', 'GOPROXY list is not the empty string, but contains no entries'],
    [' ', 'GOPROXY list is not the empty string, but contains no entries'],
    ['', 'GOPROXY list is not the empty string, but contains no entries'],
    ['proxy', 'invalid proxy URL missing scheme: proxy'],
    ['ftp://mirror.example', 'invalid proxy URL scheme (must be https, http, file): ftp://mirror.example'],
    ['https://user:secret@mirror.example:x', 'parse "https://user:secret@mirror.example:x": invalid port ":x" after host'],
    ['file://host/srv', 'invalid file:// proxy URL with non-path elements: file://host/srv'],
    ['https://a.example,ftp://b', 'invalid proxy URL scheme (must be https, http, file): ftp://b'],
  ];
  for (const [goproxy, message] of errors) {
    it(`rejects ${JSON.stringify(goproxy)} with "${message}"`, () => {
      const r = parseGoproxy(goproxy);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error, message);
    });
  }

  it('redacts a password in the error text as Go does', () => {
    const r = parseGoproxy('gopher://user:secret@mirror.example');
    assert.equal(!r.ok && r.error, 'invalid proxy URL scheme (must be https, http, file): gopher://user:xxxxx@mirror.example');
  });

  it('GONOPROXY with nothing else is still an empty list', () => {
    const r = parseGoproxy(',', { gonoproxy: 'corp.com' });
    assert.equal(!r.ok && r.error, 'GOPROXY list is not the empty string, but contains no entries');
  });

  it('reads a Windows drive path as a file path, not a host, on Windows only', () => {
    const win = parseGoproxy('C:\\goproxy', { platform: 'win32' });
    assert.equal(!win.ok && win.error, 'invalid proxy URL scheme (must be https, http, file): c:\\goproxy');
  });
});
