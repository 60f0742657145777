// Owns: which header blocks Go's HTTP/2 client refuses before it looks at them (its framer's checks, then the
// response's pseudo-headers), and the words it gives: the field names a token in lower case, the values free of
// control bytes but tab, every pseudo-header first, :status the only one in a response, and said once.
// Pure: no I/O.
import { goQuoteBytes } from '../../parse/goquote';

/** A field name (bytes, one char each) as Go's %q prints it. */
const goQuote = (name: string): string => goQuoteBytes(Buffer.from(name, 'latin1'));

/** RFC 9110's token characters besides letters and digits. */
const TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

/** A field name Go takes off the wire: a token, and no capital letter. */
function validWireName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const lowerOrDigit = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
    if (!lowerOrDigit && !TOKEN_PUNCTUATION.includes(name[i])) return false;
  }
  return true;
}

/** A field value with no control byte but tab (httpguts.ValidHeaderFieldValue). */
function validValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return false;
  }
  return true;
}

/**
 * Why Go's client refuses this block as a response's (its StreamError's cause), or undefined. `fields` holds
 * name and value in turn. The framer stops at the first field it refuses; pseudo-headers are checked after.
 */
export function refusedFields(fields: readonly string[]): string | undefined {
  let sawRegular = false;
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i];
    let refused = validValue(fields[i + 1]) ? undefined : `invalid header field value for ${goQuote(name)}`;
    if (name.startsWith(':')) {
      if (sawRegular) refused = 'pseudo header field after regular';
    } else {
      sawRegular = true;
      if (!validWireName(name)) refused = `invalid header field name ${goQuote(name)}`;
    }
    if (refused) return refused;
  }
  return refusedPseudoHeaders(fields);
}

/** A response's pseudo-headers: only :status, and once. */
function refusedPseudoHeaders(fields: readonly string[]): string | undefined {
  let status = false;
  for (let i = 0; i < fields.length && fields[i].startsWith(':'); i += 2) {
    if (fields[i] !== ':status') return `invalid pseudo-header ${goQuote(fields[i])}`;
    if (status) return `duplicate pseudo-header ${goQuote(fields[i])}`;
    status = true;
  }
  return undefined;
}
