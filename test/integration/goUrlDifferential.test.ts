// GOPROXY and GOSUMDB URLs read beside Go's own net/url (test/support/go-url): on seeded URLs built from the
// parts these settings hold (and the odd bytes people paste into them), our parse must give Go's fields, its
// String() and Redacted(), or its error word for word; and the URLs cmd/go builds on them (web.Join's lookups,
// a proxy's .mod) must read as Go's, "!" or %21 alike.
import assert from 'node:assert/strict';
import { proxyModUrl } from '../../server/src/goenv/goproxy';
import { formatGoUrl, joinGoUrl, parseGoUrl } from '../../server/src/shared/goUrl';
import { DatabaseBase } from '../../server/src/sumdb/databaseBase';
import { goTextBytes } from '../../server/src/shared/utf8';
import { randomInts } from '../support/fuzz';
import { goProgramBeforeSuite } from '../support/goProgramSuite';

const SCHEMES = ['https://', 'http://', 'HTTP://', 'git+ssh://', '', 'mailto:', '1http://', 'h ttp://', 'https:', 'https:///', '//', 'off,'];
const USERS = ['', 'user@', 'user:pass@', 'u%20x:p%zz@', ':@', 'us er@', 'a@b@', 'u:p:q@', 'é@', 'u%E9:p%E9ss@', 'us%C3%A9r:%FF%FE@', '%e9@'];
const HOSTS = ['example.com', 'sum.golang.org', '[::1]', '[fe80::1%25en0]', '[fe80::1%en0]', '[::1', '127.0.0.1', 'EXAMPLE.com', 'ex%41mple.com', 'exa mple.com', 'ex_ample', 'é.com', '', 'a|b', 'x%'];
const PORTS = ['', ':443', ':', ':0x1', ':65536', ':8080'];
const PATHS = ['', '/', '/sumdb/sum.golang.org', '/a%2Fb', '/a b', '/%zz', '/é', '/a;b', '//x', '/.', '/..', 'rel/path', ':x', '/artifactory/api/go/remote', '/x//y/./', '/a%21b', '/a!b/', '/a/../../b'];
const QUERIES = ['', '?', '?x=1', '?a b', '?%zz', '?é'];
const FRAGMENTS = ['', '#', '#frag', '#a b', '#%zz', '#%41', '#é'];
const ODD = ['\x00', '\x7f', '\t', ' ', '%', '\\', '"', '\u00e9', '日', '\r', '@', '[', ']', ':', '?', '#'];

function seededUrl(seed: number): string {
  const int = randomInts(seed);
  const pick = (xs: string[]) => xs[int(xs.length)];
  let raw = pick(SCHEMES) + pick(USERS) + pick(HOSTS) + pick(PORTS) + pick(PATHS) + pick(QUERIES) + pick(FRAGMENTS);
  for (let n = int(3) === 0 ? 1 + int(2) : 0; n > 0; n--) {
    const at = int(raw.length + 1);
    raw = raw.slice(0, at) + pick(ODD) + raw.slice(at);
  }
  return raw;
}

/** A decoded field as Go's JSON writes it: each byte that is no UTF-8 (goText's lone surrogate) as U+FFFD. */
function asGoJson(s: string): string {
  return s.replace(/[\udc80-\udcff]/g, '\ufffd');
}

function ours(raw: string): Record<string, unknown> {
  const r = parseGoUrl(raw);
  if (!r.ok) return { error: r.error };
  const u = r.url;
  const hex = (s: string) => goTextBytes(s).toString('hex');
  return {
    url: {
      scheme: u.scheme, opaque: u.opaque, host: asGoJson(u.host), path: asGoJson(u.path), rawPath: u.rawPath, omitHost: u.omitHost, forceQuery: u.forceQuery,
      rawQuery: u.rawQuery, fragment: asGoJson(u.fragment), rawFragment: u.rawFragment,
      user: u.user ? { username: hex(u.user.username), password: hex(u.user.password ?? ''), hasPassword: u.user.password !== undefined } : null,
    },
    string: formatGoUrl(u, false),
    redacted: formatGoUrl(u, true),
    lookupDirect: formatGoUrl(joinGoUrl(u, LOOKUP), false),
    lookupViaProxy: formatGoUrl(joinGoUrl(joinGoUrl(u, 'sumdb/sumdb.test'), LOOKUP), false),
    mod: formatGoUrl(proxyModUrl(u, 'example.com/BurntSushi/TOML', 'v1.2.0'), false),
  };
}

/** The lookup the Go side joins (its module path case-encoded, as sumdb's client asks for it). */
const LOOKUP = 'lookup/example.com/!burnt!sushi/!t!o!m!l@v1.2.0';

/** JSON with every object's keys sorted, so the two sides compare whatever order they wrote them in. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));
}

describe("GOPROXY and GOSUMDB URLs beside Go's net/url", function () {
  this.timeout(60_000);
  const goProgram = goProgramBeforeSuite('go-url');

  it("5,000 seeded URLs: Go's fields, String() and Redacted(), or Go's error, word for word", () => {
    const raws = Array.from({ length: 5000 }, (_, seed) => seededUrl(seed));
    const go = goProgram.ask<Record<string, unknown>>(raws.map((raw) => ({ raw })));
    const differ = raws.flatMap((raw, i) => {
      const o = ours(raw);
      return canonical(o) === canonical(go[i]) ? [] : [`${JSON.stringify(raw)}\n  Go   ${canonical(go[i])}\n  ours ${canonical(o)}`];
    });
    assert.equal(differ.length, 0, `${differ.length} of ${raws.length} differ; the first:\n${differ.slice(0, 6).join('\n')}`);
    const errors = new Set(go.map((g) => ('error' in g ? String(g.error).replace(/^parse ".*": /, '').replace(/".*"|'.*'/, '…') : 'parsed')));
    assert.ok(errors.size >= 5, [...errors].join(' | '));
  });

  it('a lookup under a DatabaseBase made from the URL as Go holds it (what check and probe carry): Go\'s text, for every seeded URL', () => {
    const raws = Array.from({ length: 5000 }, (_, seed) => seededUrl(seed));
    const go = goProgram.ask<{ lookupDirect?: string; lookupViaProxy?: string }>(raws.map((raw) => ({ raw })));
    let compared = 0;
    const differ = raws.flatMap((raw, i) => {
      const r = parseGoUrl(raw);
      if (!r.ok) return [];
      compared++;
      const ours = { direct: DatabaseBase.of(r.url).requestUrl(LOOKUP), viaProxy: DatabaseBase.throughProxy(r.url, 'sumdb.test').requestUrl(LOOKUP) };
      const theirs = { direct: go[i].lookupDirect, viaProxy: go[i].lookupViaProxy };
      return canonical(ours) === canonical(theirs) ? [] : [`${JSON.stringify(raw)}\n  Go   ${canonical(theirs)}\n  ours ${canonical(ours)}`];
    });
    assert.ok(compared > 1000, `only ${compared} parsed`);
    assert.equal(differ.length, 0, `${differ.length} of ${compared} differ; the first:\n${differ.slice(0, 6).join('\n')}`);
  });
});
