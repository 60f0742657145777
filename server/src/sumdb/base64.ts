// Owns: decoding base64 exactly as Go's base64.StdEncoding.DecodeString does, so keys, signatures and
// hashes that Go rejects are rejected here too (Node's own decoder accepts almost anything).
// Must never: do I/O, or accept unpadded, URL-safe or otherwise non-standard input.

const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes standard padded base64, or returns undefined where Go would return an error. */
export function decodeStdBase64(text: string): Buffer | undefined {
  // Go skips carriage returns and newlines anywhere in the input.
  const s = text.includes('\n') || text.includes('\r') ? text.replace(/[\r\n]/g, '') : text;
  if (!STD_BASE64.test(s)) return undefined;
  return Buffer.from(s, 'base64');
}

export function encodeStdBase64(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}
