// Owns: a chunked response body read as go1.19's net/http reads it (internal/chunked.go, then body.readTrailer):
// chunk-size lines of at most 4 KiB, extensions cut at ";", hex digits only, the CRLF after each chunk's data,
// and the trailer after the last chunk; each fault in Go's words.
// Pure: no I/O.
import { readResponseError } from '../goResponseHead';

/** net/http's bufio.Reader size: a chunk-size line, or a trailer, must fit in it. */
const LINE_LIMIT = 4096;
const CRLF = Buffer.from('\r\n');
const DOUBLE_CRLF = Buffer.from('\r\n\r\n');

/** What the bytes so far made: data for the caller, then possibly the body's end (with bytes past it) or Go's error. */
export interface ChunkedProgress {
  data: Buffer[];
  /** Set at the body's end: the bytes that came after it (none on a connection used as it should be). */
  rest?: Buffer;
  /** Go's error text for bytes it refuses. */
  error?: string;
}

type State = { at: 'size' } | { at: 'data'; left: number } | { at: 'crlf' } | { at: 'trailer' };

export class ChunkedBody {
  private pending: Buffer = Buffer.alloc(0);
  private state: State = { at: 'size' };

  /** The next bytes of the body. */
  push(chunk: Buffer): ChunkedProgress {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const progress: ChunkedProgress = { data: [] };
    while (progress.rest === undefined && progress.error === undefined && this.step(progress));
    return progress;
  }

  /** The connection ended: Go's error for a body cut short. */
  endError(): string {
    return this.state.at === 'trailer' ? 'http: unexpected EOF reading trailer' : 'unexpected EOF';
  }

  /** One step on the bytes pending; false when it needs more of them. */
  private step(progress: ChunkedProgress): boolean {
    switch (this.state.at) {
      case 'size':
        return this.sizeLine(progress);
      case 'data': {
        if (this.pending.length === 0) return false;
        const take = Math.min(this.state.left, this.pending.length);
        progress.data.push(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        const left = this.state.left - take;
        this.state = left === 0 ? { at: 'crlf' } : { at: 'data', left };
        return true;
      }
      case 'crlf':
        if (this.pending.length < 2) return false;
        if (!this.pending.subarray(0, 2).equals(CRLF)) progress.error = 'malformed chunked encoding';
        this.pending = this.pending.subarray(2);
        this.state = { at: 'size' };
        return true;
      case 'trailer':
        return this.trailer(progress);
    }
  }

  /** readChunkLine and parseHexUint. */
  private sizeLine(progress: ChunkedProgress): boolean {
    const nl = this.pending.indexOf(0x0a);
    if (nl < 0 ? this.pending.length >= LINE_LIMIT : nl + 1 >= LINE_LIMIT) {
      progress.error = 'header line too long';
      return false;
    }
    if (nl < 0) return false;
    let line = this.pending.subarray(0, nl + 1).toString('latin1').replace(/[ \t\r\n]+$/, '');
    this.pending = this.pending.subarray(nl + 1);
    const semi = line.indexOf(';');
    if (semi >= 0) line = line.slice(0, semi);
    const size = chunkSize(line);
    if (typeof size === 'string') {
      progress.error = size;
      return false;
    }
    this.state = size === 0 ? { at: 'trailer' } : { at: 'data', left: size };
    return true;
  }

  /** body.readTrailer: a bare CRLF, or header lines up to a blank one, all within the reader's buffer. */
  private trailer(progress: ChunkedProgress): boolean {
    if (this.pending.length < 2) return false;
    if (this.pending.subarray(0, 2).equals(CRLF)) {
      progress.rest = this.pending.subarray(2);
      return false;
    }
    const end = this.pending.indexOf(DOUBLE_CRLF);
    if (end < 0 || end + 4 > LINE_LIMIT) {
      if (this.pending.length >= LINE_LIMIT || end >= 0) progress.error = 'http: suspiciously long trailer after chunked body';
      return false;
    }
    // The trailer is read as a header block: the status line's place taken by a line Go accepts.
    const said = readResponseError(Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n'), this.pending.subarray(0, end + 4)]));
    if (said !== undefined) progress.error = said;
    else progress.rest = this.pending.subarray(end + 4);
    return false;
  }
}

/** parseHexUint: the size, or Go's error. go1.19 reads an empty size as 0. */
function chunkSize(hex: string): number | string {
  let n = 0;
  for (let i = 0; i < hex.length; i++) {
    if (!/[0-9a-fA-F]/.test(hex[i])) return 'invalid byte in chunk length';
    if (i === 16) return 'http chunk length too large';
    n = n * 16 + parseInt(hex[i], 16);
  }
  return n;
}
