// Owns: reading one answer to a GET off an HTTP/1.1 connection's bytes as net/http's persistConn does: the head
// (ReadResponse, refused or cut heads in Go's words, at most 10 MiB of it, up to five 1xx heads skipped), then the
// body by its framing (a length, chunked, or to the connection's close), and whether the connection may be used again.
// Pure: no I/O, no timers; the connection (http1Connection.ts) feeds it bytes and the end.
import { BROKEN, goResponseHeadError, headEnd, readResponseError, readResponseHead, type ResponseHead } from '../goResponseHead';
import { ChunkedBody } from './chunkedBody';

/** net/http's default MaxResponseHeaderBytes. */
export const MAX_HEAD_BYTES = 10 << 20;
/** Head bytes within which each whole line is checked as it comes (Go refuses a bad line at once); past it, at the end. */
const EARLY_CHECK_BYTES = 64 << 10;
/** The longest end of a head ("\n\r\n") less one: bytes of one piece kept to find an end split across two. */
const END_OVERLAP = 2;
/** Go's words for a head past the limit; like every failure to read a head, its connection is "broken". */
const HEADERS_EXCEEDED = `${BROKEN}net/http: server response headers exceeded ${MAX_HEAD_BYTES} bytes; aborted`;
/** net/http's max1xxResponses. */
const MAX_INFORMATIONAL = 5;

/** Where the answer stands after some bytes or the end. */
export type ReadStep =
  /** The head is in (first time only); its body follows. */
  | { kind: 'head'; head: ResponseHead }
  /** The whole answer is in; `reusable`: the connection may carry the next request. */
  | { kind: 'done'; reusable: boolean }
  /** Go's words for an answer it refuses or that ended early; `code` says which (failure.ts reads it). */
  | { kind: 'failed'; reason: string; code: ReaderFailure };

/** A head Go refuses, bytes that ended early, a head past the limit, or a body Go refuses. */
export type ReaderFailure = 'refused-head' | 'cut' | 'huge-head' | 'bad-body';

export interface ReadOutput {
  steps: ReadStep[];
  /** Body bytes, in order, for the handler. */
  data: Buffer[];
}

export class ResponseReader {
  /** The head's pieces so far, joined once it is whole (a hostile head of megabytes is not copied at every piece). */
  private headParts: Buffer[] = [];
  private headSize = 0;
  /** The last bytes of the head so far, where an end split across two pieces begins. */
  private headTail: Buffer = Buffer.alloc(0);
  /** Set once the final head is read. */
  private framing: ResponseHead['framing'] | undefined;
  private close = false;
  private left = 0;
  private chunked: ChunkedBody | undefined;
  private informational = 0;
  private finished = false;
  /** Whether any byte of the answer came: a connection that ends before one says Go's plain EOF. */
  received = false;

  /** Bytes from the connection. */
  push(chunk: Buffer): ReadOutput {
    const out: ReadOutput = { steps: [], data: [] };
    if (this.finished) {
      // Bytes past a whole answer: Go's "Unsolicited response" on an idle connection, which it then closes.
      return out;
    }
    if (chunk.length > 0) this.received = true;
    if (this.framing === undefined) this.readHead(chunk, out);
    else this.readBody(chunk, out);
    return out;
  }

  /** The connection ended (the peer closed it). */
  end(): ReadOutput {
    const out: ReadOutput = { steps: [], data: [] };
    if (this.finished) return out;
    this.finished = true;
    if (this.framing === undefined) {
      const said = goResponseHeadError(this.headSoFar()) ?? 'EOF';
      out.steps.push({ kind: 'failed', reason: said, code: 'cut' });
    } else if (this.framing.kind === 'until-close') {
      out.steps.push({ kind: 'done', reusable: false });
    } else {
      out.steps.push({ kind: 'failed', reason: this.chunked ? this.chunked.endError() : 'unexpected EOF', code: 'cut' });
    }
    return out;
  }

  private readHead(chunk: Buffer, out: ReadOutput): void {
    const window = this.headTail.length === 0 ? chunk : Buffer.concat([this.headTail, chunk]);
    const windowStart = this.headSize - this.headTail.length;
    this.headParts.push(chunk);
    this.headSize += chunk.length;
    const endInWindow = headEnd(window);
    if (endInWindow < 0) {
      this.headTail = window.subarray(Math.max(0, window.length - END_OVERLAP));
      return this.checkPartialHead(out);
    }
    const all = this.headSoFar();
    this.headParts = [];
    this.headSize = 0;
    this.headTail = Buffer.alloc(0);
    const end = windowStart + endInWindow;
    if (end > MAX_HEAD_BYTES) return this.fail(out, HEADERS_EXCEEDED, 'huge-head');
    this.headRead(all.subarray(0, end), all.subarray(end), out);
  }

  /** A whole head: refused, skipped (1xx), or the answer's, whose body `rest` begins. */
  private headRead(head: Buffer, rest: Buffer, out: ReadOutput): void {
    const refused = readResponseError(head);
    if (refused !== undefined) return this.fail(out, BROKEN + refused, 'refused-head');
    const read = readResponseHead(head);
    if (read.code >= 100 && read.code <= 199 && read.code !== 101) {
      if (++this.informational > MAX_INFORMATIONAL) return this.fail(out, `${BROKEN}net/http: too many 1xx informational responses`, 'refused-head');
      if (rest.length > 0) this.readHead(rest, out);
      return;
    }
    this.framing = read.framing;
    this.close = read.close;
    out.steps.push({ kind: 'head', head: read });
    if (read.framing.kind === 'length') this.left = read.framing.length;
    if (read.framing.kind === 'chunked') this.chunked = new ChunkedBody();
    if (read.framing.kind === 'length' && this.left === 0) return this.done(out, rest.length === 0);
    if (rest.length > 0) this.readBody(rest, out);
  }

  private headSoFar(): Buffer {
    return this.headParts.length === 1 ? this.headParts[0] : Buffer.concat(this.headParts, this.headSize);
  }

  /** Go refuses a status line or header line as soon as it is whole (checked in the head's first bytes), and a head past its limit. */
  private checkPartialHead(out: ReadOutput): void {
    if (this.headSize > MAX_HEAD_BYTES) return this.fail(out, HEADERS_EXCEEDED, 'huge-head');
    if (this.headSize > EARLY_CHECK_BYTES) return;
    const head = this.headSoFar();
    const nl = head.lastIndexOf(0x0a);
    if (nl < 0) return;
    const said = readResponseError(head.subarray(0, nl + 1));
    if (said !== undefined && said !== 'unexpected EOF') this.fail(out, BROKEN + said, 'refused-head');
  }

  private readBody(chunk: Buffer, out: ReadOutput): void {
    if (this.chunked) {
      const progress = this.chunked.push(chunk);
      out.data.push(...progress.data);
      if (progress.error !== undefined) return this.fail(out, progress.error, 'bad-body');
      if (progress.rest !== undefined) this.done(out, progress.rest.length === 0);
      return;
    }
    if (this.framing!.kind === 'until-close') {
      out.data.push(chunk);
      return;
    }
    const take = Math.min(this.left, chunk.length);
    if (take > 0) out.data.push(take === chunk.length ? chunk : chunk.subarray(0, take));
    this.left -= take;
    if (this.left === 0) this.done(out, take === chunk.length);
  }

  /** The answer is whole; `clean`: nothing came after it. */
  private done(out: ReadOutput, clean: boolean): void {
    this.finished = true;
    out.steps.push({ kind: 'done', reusable: clean && !this.close });
  }

  private fail(out: ReadOutput, reason: string, code: ReaderFailure): void {
    this.finished = true;
    out.steps.push({ kind: 'failed', reason, code });
  }
}
