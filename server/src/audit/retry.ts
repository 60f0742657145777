// Owns: which failed lookups are worth asking the database again, and how long to wait first. The database is
// shared infrastructure: a connection cut mid-answer or a "try later" status is asked again a little later,
// twice at most, with the wait doubling; anything else is an answer (or the database judged unreachable).
// Must never: do I/O or keep time itself (the auditor waits with the clock it was given).
import { RemoteStatusError } from '../sumdb/clientErrors';
import { transportErrorOf } from './scenario';

/** Times a failed lookup is asked again. */
export const LOOKUP_RETRIES = 2;

/** Statuses that say "not now" rather than "no". */
const TRY_LATER = new Set([429, 502, 503, 504]);

/** The wait before retry number `attempt` (0-based): 250 ms, then 500 ms. */
export function retryDelayMs(attempt: number): number {
  return 250 * 2 ** attempt;
}

/** A failure that may pass if asked again: the connection was cut, or the server asked to come back later. */
export function worthRetrying(err: unknown): boolean {
  if (err instanceof RemoteStatusError) return TRY_LATER.has(err.status);
  return transportErrorOf(err)?.kind === 'reset';
}
