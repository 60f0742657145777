// Owns: the one TLS context per set of trusted roots, shared by every connection that trusts them. Loading a
// system store into a context parses each root (~0.15 ms apiece, ~20 ms for a Linux bundle), so the roots
// are added a slice at a time, yielding between slices: an editor keeps typing while the first connection is set up.
// A connection waits on it, so its slices are urgent (slices.ts): paused one turn at most, even when other work
// (an audit's, say) has already spent that turn's slice.
// Must never: trust Node's bundled roots (only the store Go would use counts), or build one set twice.
import { createSecureContext, type SecureContext } from 'node:tls';
import { runInSlices } from '../slices';

const contexts = new Map<string, Promise<SecureContext>>();

/** A context trusting exactly `ca` (TLS 1.2 at least, Go's client default), built in the process's slices (slices.ts). */
export function sharedSecureContext(ca: readonly string[]): Promise<SecureContext> {
  const key = ca.join('');
  let c = contexts.get(key);
  if (!c) {
    if (contexts.size >= 4) contexts.clear();
    contexts.set(key, (c = runInSlices(addRoots(ca), undefined, true)));
  }
  return c;
}

let rootless: SecureContext | undefined;

/**
 * A context that trusts no root, for resuming a kept TLS session (tlsSessions.ts): no root is read or added, so
 * a handshake on it passes only when the server resumes the session, whose verification was done when it was kept.
 */
export function rootlessContext(): SecureContext {
  return (rootless ??= createSecureContext({ ca: [], minVersion: 'TLSv1.2' }));
}

/** The context as steps, one root each. */
function* addRoots(ca: readonly string[]): Generator<void, SecureContext> {
  // An empty list (not undefined) keeps Node's own roots out; each root then goes in as createSecureContext would add it.
  const context = createSecureContext({ ca: [], minVersion: 'TLSv1.2' });
  for (const pem of ca) {
    try {
      (context.context as { addCACert(pem: string): void }).addCACert(pem);
    } catch {
      // a block that is no certificate: Go's AppendCertsFromPEM skips it too
    }
    yield;
  }
  return context;
}
