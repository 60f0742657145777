// One hostOf for the status bar, the probe view and Go's dial errors: a proxy is labelled with its port, a dial
// error names the bare host, and text that is not a URL (a GOPROXY entry such as "direct") is kept as written.
import assert from 'node:assert/strict';
import { bareHost, hostOf, joinHostPort } from '../../server/src/transport/urlHost';

describe('the host of a URL', () => {
  it('labels a proxy with its port, and names the bare host for a dial error', () => {
    assert.equal(hostOf('http://proxy.corp.example:3128/path'), 'proxy.corp.example:3128');
    assert.equal(hostOf('https://sum.golang.org/lookup/x@v1'), 'sum.golang.org');
    assert.equal(hostOf('http://proxy.corp.example:3128/path', false), 'proxy.corp.example');
    assert.equal(hostOf('http://[::1]:8080/', false), '[::1]');
  });

  it('keeps what is not a URL as written, and has nothing for nothing', () => {
    assert.equal(hostOf('direct'), 'direct');
    assert.equal(hostOf('goproxy.cn', false), 'goproxy.cn');
    assert.equal(hostOf(undefined), undefined);
  });

  it('joins a host and port as Go dials them, bracketing an IPv6 literal once', () => {
    assert.equal(joinHostPort('proxy.corp.example', 1080), 'proxy.corp.example:1080');
    assert.equal(joinHostPort(bareHost('[::1]'), 443), '[::1]:443');
    assert.equal(joinHostPort(bareHost('127.0.0.1'), 443), '127.0.0.1:443');
  });
});
