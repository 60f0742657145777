// Owns: one HTTP/2 connection (RFC 9113) on a socket connector.ts opened (TLS verified, tunnelled when proxied),
// carrying GET requests as streams: the frames (h2/frames.ts), the header tables (h2/hpack.ts), flow control
// of what we receive, SETTINGS, PING, GOAWAY, and the streams in flight (h2/requestStream.ts).
// Our own, not node:http2: telegraf's cold check sends 2,800 requests on one connection, and node:http2 spent
// ~140 µs of CPU on each (a Duplex stream, an async resource, two deprecation wrappers, listeners); with this the
// whole check took 990 ms of CPU instead of 1,350 (medians of seven). How many streams run at once is the origin
// gate's business; this module reports the server's SETTINGS.
// Must never: open a connection itself, read process.env, settle a request twice, or read a header block of a
// stream it no longer wants without decoding it (the table it shares with the server would drift).
import type * as net from 'node:net';
import type { Conduit, GetRequest, RequestHandler } from './conduits';
import {
  DEFAULT_MAX_FRAME, ErrorCode, FRAME_HEADER, Flag, FrameReader, FrameType, LARGEST_MAX_FRAME, PREFACE, ProtocolError, Setting,
  encodeFrame, errorName, writeFrameHeader, type Frame,
} from './h2/frames';
import { HpackDecoder, HpackError, RequestEncoder } from './h2/hpack';
import { RequestStream, resetByServer, type StreamOwner } from './h2/requestStream';
import { inGoWords, resetReadReason, tcpEndsOf, UNEXPECTED_EOF, type TcpEnds } from './failure';
import { goQuoteBytes } from '../shared/goquote';

/** A connection with no request open this long is closed (HTTP/2 here, and HTTP/1.1 in http1Connection.ts). */
export const IDLE_MS = 30_000;

/** What each stream may receive before we say more (SETTINGS_INITIAL_WINDOW_SIZE), and the whole connection. */
const STREAM_WINDOW = 4 << 20;
const CONNECTION_WINDOW = 16 << 20;
/** The default window every connection starts with (RFC 9113 section 6.9.2). */
const DEFAULT_WINDOW = 65_535;
/**
 * The most one response's header list may decode to (SETTINGS_MAX_HEADER_LIST_SIZE), Go's client's 10 MB: a list
 * past it fails its stream as Go's does; a block whose own bytes pass it ends the connection.
 */
const MAX_HEADER_LIST = 10 << 20;
const LAST_STREAM_ID = 2 ** 31 - 1;
/**
 * Answers the server makes us owe (SETTINGS and PING acknowledgements) while it reads nothing of ours pile up in
 * memory: past this much unsent, the connection ends with ENHANCE_YOUR_CALM. Our requests never come near it.
 */
const MAX_UNSENT_BYTES = 1 << 20;

/** The connection failed for a reason of HTTP/2's: Go's ConnectionError text. */
function connectionError(code: ErrorCode): Error {
  return inGoWords(`connection error: ${errorName(code)}`, 'ERR_HTTP2_PROTOCOL_ERROR');
}

/**
 * The connection ended (closed, reset, given up) with the request still open, as Go's client says it: after a
 * GOAWAY, Go's GoAwayError; a reset, as failure.ts words Go's read error; a close, the unexpected end of what
 * was being read.
 */
function connectionLost(goAway: GoAway | undefined, cause?: Error, ends?: TcpEnds): Error {
  if (goAway) return goAwayError(goAway);
  // Go's read loop ends every open stream with its read's error (a reset, naming both ends), EOF as unexpected.
  if ((cause as { code?: string } | undefined)?.code === 'ECONNRESET') return inGoWords(resetReadReason(ends), 'ECONNRESET', cause);
  return inGoWords(UNEXPECTED_EOF, 'ERR_HTTP2_STREAM_ERROR', cause);
}

/** Times one request is sent again after the server said it never took it, before it fails like a reset. */
const UNPROCESSED_RESENDS = 2;

/** What the server's GOAWAY said. */
interface GoAway {
  lastStreamId: number;
  code: number;
  debug: Buffer;
}

/** Go's GoAwayError text, for a request a GOAWAY left open or never took. */
function goAwayError(g: GoAway): Error {
  return inGoWords(`http2: server sent GOAWAY and closed the connection; LastStreamID=${g.lastStreamId}, ErrCode=${errorName(g.code)}, debug=${goQuoteBytes(g.debug)}`, 'ERR_HTTP2_GOAWAY_SESSION');
}

/** A header block arriving in pieces: HEADERS, then CONTINUATION until END_HEADERS. */
interface PartialBlock {
  streamId: number;
  endStream: boolean;
  pieces: Buffer[];
  size: number;
}

export class H2Connection implements Conduit, StreamOwner {
  private readonly streams = new Map<number, RequestStream>();
  private readonly reader = new FrameReader();
  private readonly decoder = new HpackDecoder(MAX_HEADER_LIST);
  private readonly authority: string;
  /** Both ends of the connection, read as it starts: a reset names them, and Node forgets them once reset. */
  private readonly ends: TcpEnds | undefined;
  private nextStreamId = 1;
  private encoder: RequestEncoder | undefined;
  private block: PartialBlock | undefined;
  private peerMaxStreams: number | undefined;
  private peerMaxFrame = DEFAULT_MAX_FRAME;
  private unackedConnection = 0;
  private outbox: Buffer[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private gone = false;
  /** The server's GOAWAY, once it sent one: what a request it leaves open fails with. */
  private goAway: GoAway | undefined;
  /** We ended the connection for a protocol error: what the server still sends is not read. */
  private brokenOff = false;
  private readonly closed: Promise<void>;

  /**
   * `origin` names the server (its :authority); `onStreams` hears the streams it allows, from each SETTINGS frame;
   * `resend` takes a request the server's GOAWAY said it never took, to send on another connection (as Go does).
   */
  constructor(
    origin: string,
    private readonly socket: net.Socket,
    private readonly onStreams: (streams: number | undefined) => void,
    private readonly resend: (request: GetRequest, handler: RequestHandler) => void,
  ) {
    this.authority = new URL(origin).host;
    this.ends = tcpEndsOf(socket);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.onBytes(chunk));
    socket.on('error', (err: Error) => this.lost(err));
    socket.on('close', () => this.lost());
    const settings = Buffer.alloc(18);
    [[Setting.EnablePush, 0], [Setting.InitialWindowSize, STREAM_WINDOW], [Setting.MaxHeaderListSize, MAX_HEADER_LIST]].forEach(([id, value], i) => {
      settings.writeUInt16BE(id, 6 * i);
      settings.writeUInt32BE(value, 6 * i + 2);
    });
    this.send(PREFACE, encodeFrame(FrameType.Settings, 0, 0, settings), windowUpdate(0, CONNECTION_WINDOW - DEFAULT_WINDOW));
    this.idle();
  }

  get usable(): boolean {
    return !this.gone && !this.socket.destroyed && this.nextStreamId <= LAST_STREAM_ID;
  }

  dispatch(request: GetRequest, handler: RequestHandler): void {
    if (!this.usable) return handler.onError(Object.assign(new Error('The session has been destroyed'), { code: 'ERR_HTTP2_INVALID_SESSION' }));
    this.stopIdleTimer();
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    this.sendHeaders(id, request);
    this.streams.set(id, new RequestStream(id, request, handler, this));
  }

  reset(id: number, code: ErrorCode): void {
    if (!this.streams.delete(id)) return;
    const payload = Buffer.allocUnsafe(4);
    payload.writeUInt32BE(code);
    this.send(encodeFrame(FrameType.RstStream, 0, id, payload));
    this.afterStream();
  }

  ended(id: number): void {
    if (this.streams.delete(id)) this.afterStream();
  }

  async destroy(): Promise<void> {
    this.lost();
    this.socket.destroy();
    await this.closed;
  }

  private onBytes(chunk: Buffer): void {
    if (this.brokenOff) return;
    try {
      for (const frame of this.reader.frames(chunk)) {
        if (this.brokenOff || this.socket.destroyed) return;
        this.onFrame(frame);
      }
    } catch (err) {
      if (err instanceof HpackError) return this.fatal(ErrorCode.CompressionError);
      if (err instanceof FrameTooShort) return this.cutOff();
      if (err instanceof ProtocolError) return this.fatal(err.h2Code);
      throw err;
    }
  }

  private onFrame(frame: Frame): void {
    if (this.block && frame.type !== FrameType.Continuation) throw new ProtocolError();
    switch (frame.type) {
      case FrameType.Data: return this.onData(frame);
      case FrameType.Headers: return this.onHeaders(frame);
      case FrameType.RstStream: return this.onReset(frame);
      case FrameType.Settings: return this.onSettings(frame);
      case FrameType.PushPromise: throw new ProtocolError(); // we said SETTINGS_ENABLE_PUSH 0
      case FrameType.Ping: return this.onPing(frame);
      case FrameType.GoAway: return this.onGoAway(frame);
      case FrameType.Continuation: return this.onContinuation(frame);
      case FrameType.Priority: return checkLength(frame, 5);
      case FrameType.WindowUpdate: return this.onWindowUpdate(frame);
      default: // a type this version of HTTP/2 does not know is ignored
    }
  }

  private onData(frame: Frame): void {
    this.checkStreamId(frame.streamId);
    this.creditConnection(frame.payload.length);
    const data = unpad(frame);
    const stream = this.streams.get(frame.streamId);
    // More than the stream's window still open to the server: Go ends the connection, as RFC 9113 section 6.9.1 says.
    if (stream && stream.unacked + frame.payload.length > STREAM_WINDOW) throw new ProtocolError(ErrorCode.FlowControlError);
    stream?.onData(data, (frame.flags & Flag.EndStream) !== 0);
    if (stream && this.streams.has(frame.streamId)) this.creditStream(frame.streamId, frame.payload.length);
  }

  /**
   * HEADERS, read as Go's client reads them: padding longer than the frame is this stream's error alone (its block
   * is not decoded, as in Go), and a PRIORITY field cut short ends the connection as Go's framer does.
   */
  private onHeaders(frame: Frame): void {
    this.checkStreamId(frame.streamId);
    if (!paddingFits(frame)) return this.streams.get(frame.streamId)?.protocolError();
    let fragment = unpad(frame);
    if (frame.flags & Flag.Priority) {
      if (fragment.length < 5) throw new FrameTooShort();
      fragment = fragment.subarray(5);
    }
    const block = { streamId: frame.streamId, endStream: (frame.flags & Flag.EndStream) !== 0, pieces: [fragment], size: fragment.length };
    if (frame.flags & Flag.EndHeaders) return this.onBlock(block);
    this.block = block;
  }

  private onContinuation(frame: Frame): void {
    const block = this.block;
    if (!block || block.streamId !== frame.streamId) throw new ProtocolError();
    block.pieces.push(frame.payload);
    block.size += frame.payload.length;
    if (block.size > MAX_HEADER_LIST) throw new HpackError('header block too large');
    if (!(frame.flags & Flag.EndHeaders)) return;
    this.block = undefined;
    this.onBlock(block);
  }

  /** Every block is decoded, wanted or not: the server's table has moved on either way. */
  private onBlock(block: PartialBlock): void {
    const decoded = this.decoder.decode(block.pieces.length === 1 ? block.pieces[0] : Buffer.concat(block.pieces));
    this.streams.get(block.streamId)?.onHeaders(decoded, block.endStream);
  }

  private onReset(frame: Frame): void {
    if (frame.streamId === 0) throw new ProtocolError();
    if (frame.payload.length !== 4) throw new ProtocolError(ErrorCode.FrameSizeError);
    const stream = this.streams.get(frame.streamId);
    if (!stream) return;
    this.ended(frame.streamId);
    const code = frame.payload.readUInt32BE(0);
    // REFUSED_STREAM: the server did not process it (RFC 9113 section 8.7), so it may go again.
    if (code === ErrorCode.RefusedStream) this.sendAgain(stream, () => resetByServer(frame.streamId, code));
    else stream.fail(resetByServer(frame.streamId, code));
  }

  private onSettings(frame: Frame): void {
    if (frame.streamId !== 0) throw new ProtocolError();
    if (frame.flags & Flag.Ack) return;
    if (frame.payload.length % 6 !== 0) throw new ProtocolError(ErrorCode.FrameSizeError);
    for (let at = 0; at < frame.payload.length; at += 6) {
      const id = frame.payload.readUInt16BE(at);
      const value = frame.payload.readUInt32BE(at + 2);
      if (id === Setting.MaxConcurrentStreams) this.peerMaxStreams = value;
      // A size out of HTTP/2's range is ignored, as Go's client ignores it.
      else if (id === Setting.MaxFrameSize) {
        if (value >= DEFAULT_MAX_FRAME && value <= LARGEST_MAX_FRAME) this.peerMaxFrame = value;
      } else if (id === Setting.InitialWindowSize && value > LAST_STREAM_ID) throw new ProtocolError(ErrorCode.FlowControlError);
      else if (id === Setting.EnablePush && value > 1) throw new ProtocolError();
    }
    this.owe(encodeFrame(FrameType.Settings, Flag.Ack, 0));
    this.onStreams(this.peerMaxStreams);
  }

  /**
   * We send no DATA, so the server's windows do not matter; an increment of 0 is still an error (RFC 9113 section
   * 6.9): the connection's when on stream 0, else that stream's, as Go's client has it.
   */
  private onWindowUpdate(frame: Frame): void {
    checkLength(frame, 4);
    if ((frame.payload.readUInt32BE(0) & 0x7fffffff) !== 0) return;
    if (frame.streamId === 0) throw new ProtocolError();
    this.streams.get(frame.streamId)?.protocolError();
  }

  private onPing(frame: Frame): void {
    if (frame.streamId !== 0) throw new ProtocolError();
    if (frame.payload.length !== 8) throw new ProtocolError(ErrorCode.FrameSizeError);
    if (!(frame.flags & Flag.Ack)) this.owe(encodeFrame(FrameType.Ping, Flag.Ack, 0, frame.payload));
  }

  /**
   * No new stream goes out; streams past the last one the server took were never processed and are sent again
   * elsewhere (twice at most, then they fail); the rest run to their end.
   */
  private onGoAway(frame: Frame): void {
    if (frame.streamId !== 0) throw new ProtocolError();
    if (frame.payload.length < 8) throw new ProtocolError(ErrorCode.FrameSizeError);
    const goAway = { lastStreamId: frame.payload.readUInt32BE(0) & 0x7fffffff, code: frame.payload.readUInt32BE(4), debug: Buffer.from(frame.payload.subarray(8)) };
    this.goAway = goAway;
    this.markGone();
    for (const [id, stream] of [...this.streams]) {
      if (id <= goAway.lastStreamId) continue;
      this.streams.delete(id);
      this.sendAgain(stream, () => goAwayError(goAway));
    }
    this.afterStream();
  }

  /** A request the server never processed goes again (through `resend`), unless it already went too often. */
  private sendAgain(stream: RequestStream, tooOften: () => Error): void {
    const times = stream.request.unprocessed ?? 0;
    if (times >= UNPROCESSED_RESENDS) stream.fail(tooOften());
    else if (stream.detach()) this.resend({ ...stream.request, unprocessed: times + 1 }, stream.handler);
  }

  /** A stream left: close a connection that GOAWAY ended once its last stream is done, or start the idle clock. */
  private afterStream(): void {
    if (this.streams.size > 0) return;
    if (this.gone) this.socket.end();
    else this.idle();
  }

  /** DATA and HEADERS name a stream we opened (frames for one we have since left are dropped). */
  private checkStreamId(id: number): void {
    if (id === 0 || id % 2 === 0 || id >= this.nextStreamId) throw new ProtocolError();
  }

  private creditConnection(length: number): void {
    this.unackedConnection += length;
    if (this.unackedConnection < CONNECTION_WINDOW / 2) return;
    this.send(windowUpdate(0, this.unackedConnection));
    this.unackedConnection = 0;
  }

  /** Streams get their window back only for bodies over half of it, which sumdb's never are. */
  private creditStream(id: number, length: number): void {
    const stream = this.streams.get(id)!;
    stream.unacked += length;
    if (stream.unacked < STREAM_WINDOW / 2) return;
    this.send(windowUpdate(id, stream.unacked));
    stream.unacked = 0;
  }

  /** HEADERS carrying the request (CONTINUATION after it for a block over the server's frame size). */
  private sendHeaders(id: number, request: GetRequest): void {
    if (!this.encoder?.madeFor(request.headers)) this.encoder = new RequestEncoder(this.authority, request.headers);
    const frame = this.encoder.encode(request.path, FRAME_HEADER);
    const block = frame.subarray(FRAME_HEADER);
    const size = this.peerMaxFrame;
    if (block.length <= size) return this.send(writeFrameHeader(frame, FrameType.Headers, Flag.EndStream | Flag.EndHeaders, id));
    this.send(encodeFrame(FrameType.Headers, Flag.EndStream, id, block.subarray(0, size)));
    for (let at = size; at < block.length; at += size) {
      this.send(encodeFrame(FrameType.Continuation, at + size >= block.length ? Flag.EndHeaders : 0, id, block.subarray(at, at + size)));
    }
  }

  /** An acknowledgement the server asked for, unless it is flooding us with such asks and reading nothing. */
  private owe(frame: Buffer): void {
    if (this.socket.writableLength > MAX_UNSENT_BYTES) throw new ProtocolError(ErrorCode.EnhanceYourCalm);
    this.send(frame);
  }

  /** Frames wait for the end of this tick and go out in one write: one TLS record, not one per request. */
  private send(...frames: Buffer[]): void {
    if (this.socket.destroyed) return;
    if (this.outbox.length === 0) process.nextTick(() => this.flush());
    this.outbox.push(...frames);
  }

  private flush(): void {
    const frames = this.outbox;
    this.outbox = [];
    if (!this.socket.destroyed && frames.length > 0) this.socket.write(frames.length === 1 ? frames[0] : Buffer.concat(frames));
  }

  /**
   * We broke off the connection for a protocol error of the server's: GOAWAY with its code goes out first (a
   * stream's handler may destroy the connection when it hears), then every stream fails.
   */
  private fatal(code: ErrorCode): void {
    this.brokenOff = true;
    const payload = Buffer.alloc(8);
    payload.writeUInt32BE(code, 4);
    this.send(encodeFrame(FrameType.GoAway, 0, 0, payload));
    this.flush();
    // A server that reads nothing would keep an ended socket open: it is cut instead.
    if (this.socket.writableLength > MAX_UNSENT_BYTES) this.socket.destroy();
    else this.socket.end();
    this.failAll(connectionError(code));
  }

  /** A frame Go's framer cannot read: the connection is dropped without a word, and what was open ends unexpectedly. */
  private cutOff(): void {
    this.brokenOff = true;
    this.socket.destroy();
    this.lost();
  }

  /** The socket closed or failed, or we were told to go: every open stream fails. */
  private lost(cause?: Error): void {
    this.failAll(connectionLost(this.goAway, cause, this.ends));
  }

  private failAll(err: Error): void {
    this.markGone();
    const open = [...this.streams.values()];
    this.streams.clear();
    for (const stream of open) stream.fail(err);
  }

  private idle(): void {
    if (this.gone) return;
    this.stopIdleTimer();
    this.idleTimer = setTimeout(() => {
      this.markGone();
      this.send(encodeFrame(FrameType.GoAway, 0, 0, Buffer.alloc(8)));
      this.flush();
      this.socket.end();
    }, IDLE_MS);
    this.idleTimer.unref();
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private markGone(): void {
    this.gone = true;
    this.stopIdleTimer();
  }
}

/** A frame too short for a field its flags say it has (Go's framer: errFrameTooShort). */
class FrameTooShort extends Error {}

/** Whether a padded frame's padding fits in it. */
function paddingFits(frame: Frame): boolean {
  return !(frame.flags & Flag.Padded) || (frame.payload.length > 0 && frame.payload[0] < frame.payload.length);
}

function checkLength(frame: Frame, length: number): void {
  if (frame.payload.length !== length) throw new ProtocolError(ErrorCode.FrameSizeError);
}

function windowUpdate(streamId: number, increment: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(increment);
  return encodeFrame(FrameType.WindowUpdate, 0, streamId, payload);
}

/** A DATA or HEADERS payload without its padding (PADDED flag: a length byte first, that many bytes last). */
function unpad(frame: Frame): Buffer {
  if (!(frame.flags & Flag.Padded)) return frame.payload;
  if (!paddingFits(frame)) throw new ProtocolError();
  return frame.payload.subarray(1, frame.payload.length - frame.payload[0]);
}
