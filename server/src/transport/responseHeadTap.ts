// Owns: the tap on each HTTP/1.1 connection that keeps the bytes of the response head it is reading, and what
// the transport makes of them: a failure before the head was read, or a head Go refuses that undici read,
// worded as the go command words it (goResponseHead.ts); undici's parser errors name llhttp's rules instead.
// Must never: keep more than one response head per connection, or change what the connection reads or writes.
import type * as net from 'node:net';
import { errorCode } from './failure';
import { goChunkError, goResponseHeadError, headEnd } from './goResponseHead';

/** Bytes kept of one response head: past it, Go's quote of a line would not be ours anyway. */
const MAX_HEAD_BYTES = 16 << 10;

/**
 * The bytes one HTTP/1.1 connection received since it last sent a request, up to the end of the response head:
 * what a failure before the response's headers were read is about. It sees what the socket reads and what it
 * writes, and changes neither.
 */
export class ResponseHeadTap {
  private chunks: Buffer[] = [];
  private size = 0;
  /** The head's blank line came: a cut after it is the body's. */
  private complete = false;

  constructor(socket: net.Socket) {
    const push = socket.push;
    const write = socket.write;
    // Undici reads the socket through 'readable'; a 'data' listener would change how it flows.
    socket.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
      if (Buffer.isBuffer(chunk)) this.saw(chunk);
      return push.call(socket, chunk, encoding);
    };
    socket.write = ((...args: Parameters<net.Socket['write']>) => {
      this.chunks = [];
      this.size = 0;
      this.complete = false;
      return write.apply(socket, args);
    }) as net.Socket['write'];
  }

  /** The head's bytes so far (all of it once `complete`). */
  received(): { head: Uint8Array; complete: boolean } {
    return { head: Buffer.concat(this.chunks, this.size), complete: this.complete };
  }

  private saw(chunk: Buffer): void {
    if (this.complete || this.size >= MAX_HEAD_BYTES) return;
    const before = this.size;
    this.chunks.push(chunk);
    this.size += chunk.length;
    // The head ends at its first blank line; looked for from just before this chunk, so a split "\n\r\n" is seen.
    const all = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.size);
    const end = headEnd(all, Math.max(0, before - 2));
    if (end < 0) return;
    // Only the head is kept (a copy: the chunk may hold much of the body).
    this.chunks = [Buffer.from(all.subarray(0, end))];
    this.size = end;
    this.complete = true;
  }
}

/** Where a connection's current tap is kept: undici gives one client one connection at a time. */
export interface HeadTaps {
  current?: ResponseHeadTap;
}

/**
 * A failure before the response head was read reworded as Go words it for the bytes that came: undici's "other
 * side closed" before the head was whole, or its parser refusing a head (llhttp's rules are not Go's). Left as
 * it is when Go's words would be "EOF" (nothing came) or Go would have read the head.
 */
export function wordCutHead(err: unknown, taps: HeadTaps): void {
  // An abort's reason may be anything, and a DOMException's code is a number.
  if (!(err instanceof Error)) return;
  const code = errorCode(err);
  // undici's parser errors carry no code in every version: known by name. A parser error while Content-Length
  // headers disagree (llhttp refuses a second one) comes as a length mismatch.
  const parser = code.startsWith('HPE_') || err.name === 'HTTPParserError' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH';
  if (code !== 'UND_ERR_SOCKET' && !parser) return;
  const seen = taps.current?.received();
  if (!seen || (seen.complete && !parser)) return;
  const reason = goResponseHeadError(seen.head) ?? (seen.complete ? goChunkError(err.message) : undefined);
  if (reason) Object.assign(err, { message: reason, goWords: true });
}

/**
 * A head undici read but Go refuses (its Transfer-Encoding or Content-Length headers; goResponseHead.ts's
 * readTransfer rules), as the error to end the request with. Only heads with such headers are looked at.
 */
export function refusedHead(raw: ReadonlyArray<Buffer | string> | null, taps: HeadTaps): Error | undefined {
  if (!raw || !transferHeaders(raw)) return undefined;
  const seen = taps.current?.received();
  const reason = seen?.complete ? goResponseHeadError(seen.head) : undefined;
  return reason ? Object.assign(new Error(reason), { goWords: true }) : undefined;
}

/** Whether the headers hold a Transfer-Encoding, or more than one Content-Length. */
function transferHeaders(raw: ReadonlyArray<Buffer | string>): boolean {
  let lengths = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const n = raw[i].length;
    if (n !== 17 && n !== 14) continue;
    const name = raw[i].toString().toLowerCase();
    if (name === 'transfer-encoding' || (name === 'content-length' && ++lengths > 1)) return true;
  }
  return false;
}
