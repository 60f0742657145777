// GOPROXY and GOSUMDB values as they may be shown: every URL's password as "xxxxx" (Go's Redacted), everything
// else, separators included, as written; a value with no password comes back unchanged.
import assert from 'node:assert/strict';
import { redactedSetting, redactedUrlText } from '../../server/src/shared/goUrl';

describe('settings shown with their passwords redacted', () => {
  it('redacts each URL of a GOPROXY list and keeps its separators', () => {
    assert.equal(redactedSetting('https://ci:t0ken@artifactory.corp/api/go|https://proxy.golang.org,direct'),
      'https://ci:xxxxx@artifactory.corp/api/go|https://proxy.golang.org,direct');
    assert.equal(redactedSetting('https://a:1@x.example , http://b:2@y.example'), 'https://a:xxxxx@x.example , http://b:xxxxx@y.example');
  });

  it("redacts the URL after a GOSUMDB key, and leaves the key and a user without a password alone", () => {
    const key = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
    assert.equal(redactedSetting(`${key}\thttps://u:p%40ss@mirror.corp/sumdb`), `${key}\thttps://u:xxxxx@mirror.corp/sumdb`);
    assert.equal(redactedSetting('https://user@proxy.corp'), 'https://user@proxy.corp');
  });

  it('returns text that is no URL, or a URL without credentials, as it is', () => {
    for (const v of ['off', 'direct', '', 'https://proxy.golang.org', 'ht%tp://x@z', 'sum.golang.google.cn']) assert.equal(redactedSetting(v), v, v);
    // Go cannot parse this one, and would print it whole in its error; shown by us, its password is redacted.
    assert.equal(redactedSetting('ht%tp://x:y@z'), 'ht%tp://x:xxxxx@z');
    assert.equal(redactedUrlText('https://proxy.golang.org/x'), 'https://proxy.golang.org/x');
  });
});
