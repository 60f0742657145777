// Owns: which header blocks Go's HTTP/2 client refuses before it looks at them (its framer's checks, then the
// response's pseudo-headers), and the words it gives: the field names a token in lower case, the values free of
// control bytes but tab, every pseudo-header first, :status the only one in a response, and said once.
// Pure: no I/O.
import { goQuoteBytes } from '../../shared/goquote';

/** A field name (bytes, one char each) as Go's %q prints it. */
const goQuote = (name: string): string => goQuoteBytes(Buffer.from(name, 'latin1'));

// Patterns, not loops: every response's headers pass through here, mostly before V8 optimises any loop of ours
// (a fresh process's first 2,800 responses: about 5 ms with loops, about 2 with these, medians of five).
/** A field name Go takes off the wire: an RFC 9110 token, and no capital letter. */
const WIRE_NAME = /^[a-z0-9!#$%&'*+\-.^_`|~]+$/;
/** A control byte but tab: httpguts.ValidHeaderFieldValue refuses a value holding one. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

const validWireName = (name: string): boolean => WIRE_NAME.test(name);
const validValue = (value: string): boolean => !CONTROL.test(value);

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
