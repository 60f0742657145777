// Owns: HTTP/2 frames on the wire (RFC 9113 section 4): their types, flags, error and settings codes, writing
// one, and cutting a byte stream into them.
// Must never: hand on part of a frame.

export const FRAME_HEADER = 9;

export const enum FrameType {
  Data = 0,
  Headers = 1,
  Priority = 2,
  RstStream = 3,
  Settings = 4,
  PushPromise = 5,
  Ping = 6,
  GoAway = 7,
  WindowUpdate = 8,
  Continuation = 9,
}

export const enum Flag {
  EndStream = 0x1,
  Ack = 0x1,
  EndHeaders = 0x4,
  Padded = 0x8,
  Priority = 0x20,
}

export const enum Setting {
  HeaderTableSize = 1,
  EnablePush = 2,
  MaxConcurrentStreams = 3,
  InitialWindowSize = 4,
  MaxFrameSize = 5,
  MaxHeaderListSize = 6,
}

/** RFC 9113 section 7, by code. */
const ERROR_NAMES = [
  'NO_ERROR', 'PROTOCOL_ERROR', 'INTERNAL_ERROR', 'FLOW_CONTROL_ERROR', 'SETTINGS_TIMEOUT', 'STREAM_CLOSED',
  'FRAME_SIZE_ERROR', 'REFUSED_STREAM', 'CANCEL', 'COMPRESSION_ERROR', 'CONNECT_ERROR', 'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY', 'HTTP_1_1_REQUIRED',
];

export const enum ErrorCode {
  NoError = 0,
  ProtocolError = 1,
  FlowControlError = 3,
  FrameSizeError = 6,
  RefusedStream = 7,
  Cancel = 8,
  CompressionError = 9,
  EnhanceYourCalm = 11,
}

/** An error code's name as Go prints it (its http2.ErrCode.String). */
export function errorName(code: number): string {
  return ERROR_NAMES[code] ?? `unknown error code 0x${code.toString(16)}`;
}

/** The smallest and default SETTINGS_MAX_FRAME_SIZE, and the largest a peer may state. */
export const DEFAULT_MAX_FRAME = 16_384;
export const LARGEST_MAX_FRAME = 2 ** 24 - 1;

/** The client's connection preface (RFC 9113 section 3.4). */
export const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export function encodeFrame(type: FrameType, flags: number, streamId: number, payload: Uint8Array = EMPTY): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER + payload.length);
  frame.set(payload, FRAME_HEADER);
  return writeFrameHeader(frame, type, flags, streamId);
}

/** Fills in the header of `frame`, whose payload is already in place after FRAME_HEADER bytes. */
export function writeFrameHeader(frame: Buffer, type: FrameType, flags: number, streamId: number): Buffer {
  frame.writeUIntBE(frame.length - FRAME_HEADER, 0, 3);
  frame[3] = type;
  frame[4] = flags;
  frame.writeUInt32BE(streamId, 5);
  return frame;
}

const EMPTY = new Uint8Array(0);

/** A frame the server should not have sent: the connection ends with `h2Code` (a ConnectionError, in Go's terms). */
export class ProtocolError extends Error {
  constructor(readonly h2Code: ErrorCode = ErrorCode.ProtocolError) {
    super(errorName(h2Code));
  }
}

export interface Frame {
  type: number;
  flags: number;
  streamId: number;
  payload: Buffer;
}

/**
 * Cuts bytes as they come into whole frames; keeps the tail of a frame not yet whole. Any length the 24-bit field
 * can say is read, as Go's client reads it: Go never states SETTINGS_MAX_FRAME_SIZE and takes frames over the
 * default 16,384 (test/integration/transportH2GoClient.test.ts), so a server that sends them works for the go command.
 */
export class FrameReader {
  /** Bytes of a frame not yet whole, in the pieces they came in: joined once, when the frame is (a large frame comes in many pieces). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** How many bytes must be pending before a frame can be cut from them. */
  private needed = FRAME_HEADER;

  /** Each whole frame in `chunk` (and what was kept before it), in order. */
  *frames(chunk: Buffer): Generator<Frame> {
    if (this.pendingBytes + chunk.length < this.needed) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      return;
    }
    const bytes = this.pending.length > 0 ? Buffer.concat([...this.pending, chunk]) : chunk;
    this.pending = [];
    this.pendingBytes = 0;
    this.needed = FRAME_HEADER;
    let at = 0;
    while (bytes.length - at >= FRAME_HEADER) {
      const length = bytes.readUIntBE(at, 3);
      if (bytes.length - at < FRAME_HEADER + length) {
        this.needed = FRAME_HEADER + length;
        break;
      }
      const start = at + FRAME_HEADER;
      at = start + length;
      yield { type: bytes[start - 6], flags: bytes[start - 5], streamId: bytes.readUInt32BE(start - 4) & 0x7fffffff, payload: bytes.subarray(start, at) };
    }
    if (at < bytes.length) {
      this.pending.push(bytes.subarray(at));
      this.pendingBytes = bytes.length - at;
    }
  }
}
