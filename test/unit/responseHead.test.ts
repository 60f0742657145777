// Go's reading of a response head's bytes (net/http ReadResponse over textproto), for what the go-command
// comparison in responseHead.test.ts (integration) does not send: heads Go accepts, continuation lines, bare LFs.
import assert from 'node:assert/strict';
import { goResponseHeadError } from '../../server/src/transport/goResponseHead';

const said = (text: string) => goResponseHeadError(Buffer.from(text, 'latin1'));
const BROKEN = 'net/http: HTTP/1.x transport connection broken: ';

describe('a response head read as Go reads it', () => {
  it('nothing is Go\'s "EOF", worded elsewhere; a whole head Go accepts has no error here', () => {
    assert.equal(said(''), undefined);
    assert.equal(said('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n'), undefined);
    assert.equal(said('HTTP/1.0 404 Not Found\n\n'), undefined, 'bare LFs end lines too');
    assert.equal(said('HTTP/2.0 200\r\n\r\n'), undefined, 'one digit, a dot, one digit');
  });

  it('an indented line after a header continues it; only the first may not be indented', () => {
    assert.equal(said('HTTP/1.1 200 OK\r\nX-Long: a\r\n  b\r\n\r\n'), undefined);
    assert.equal(said('HTTP/1.1 200 OK\r\n\tX: y\r\n\r\n'), `${BROKEN}malformed MIME header initial line: \tX: y`);
  });

  it('status codes: three characters Go\'s Atoi reads as a number that is not negative', () => {
    assert.equal(said('HTTP/1.1 2000 OK\r\n\r\n'), `${BROKEN}malformed HTTP status code "2000"`);
    assert.equal(said('HTTP/1.1 -12 OK\r\n\r\n'), `${BROKEN}malformed HTTP status code "-12"`);
    assert.equal(said('HTTP/1.1   200 OK\r\n\r\n'), undefined, 'spaces before the code are trimmed');
  });

  it('a cut anywhere before the blank line is "unexpected EOF", unless the line cut is already malformed', () => {
    assert.equal(said('HTTP/1.1 200 OK\r\nA: b\r'), `${BROKEN}unexpected EOF`);
    assert.equal(said('HTTP/1.1 200 OK\r\nA: b\r\nC'), `${BROKEN}malformed MIME header: missing colon: "C"`);
  });

  it('readTransfer: Transfer-Encoding from HTTP/1.1 on, lengths that agree, a length only where one is read', () => {
    assert.equal(said('HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-length:  5 \r\n\r\n'), undefined, 'the same length twice is one');
    assert.equal(said('HTTP/1.0 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n'), undefined, 'ignored before HTTP/1.1');
    assert.equal(said('HTTP/1.1 200 OK\r\ntransfer-encoding:  Chunked\r\nContent-Length: abc\r\n\r\n'), undefined, 'chunked: no length read');
    assert.equal(said('HTTP/1.1 204 No Content\r\nContent-Length: abc\r\n\r\n'), undefined, 'no body after 204');
    assert.equal(said('HTTP/1.1 204 No Content\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'),
      `${BROKEN}http: message cannot contain multiple Content-Length headers; got ["1" "2"]`, 'disagreeing lengths are refused first');
    assert.equal(said('HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n'), `${BROKEN}bad Content-Length "+5"`);
  });
});
