// Owns: how the language server's Node process is started: the V8 heap settings the client passes and the
// benchmarks and tests start it with, so that all three measure and run the same process.
// Must never: import vscode or do I/O.

/**
 * V8 lets the old generation grow to the live data times a factor that is 4 when the heap limit is large
 * (Node's default on a big machine) and about 1.5 under a 768 MB limit: a 100,000-line audit then sits near
 * 225 MB instead of 400 MB. 768 MB still leaves seven times the live data of such an audit (about 100 MB, with
 * the record index and the verdicts of every line).
 * The growing factor is then fixed at 1.2: each edit of a huge go.sum leaves its old text (8 MB for 100,000
 * lines) and the old verdicts behind, and at V8's own factor a few edits in a row pile up some 20 MB more before
 * a full collection frees them. Full collections come more often (each a few ms of the event loop).
 * Semi-spaces of 2 MB: a young collection copies what survives it, and an edit's verdicts moved to new lines (tens
 * of thousands of new objects that all survive) made 4 MB ones pause the event loop for 6 ms and more, where 2 MB
 * ones pause half as long, twice as often; it also keeps 20-40 MB less in all.
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-old-space-size=768', '--max-semi-space-size=2', '--heap-growing-percent=20'];

/** Node's own number of V8 helper threads (collecting garbage beside the main thread, compiling). */
const NODE_HELPER_THREADS = 4;

/**
 * The language server's Node options on a machine with `cpus` CPUs: the heap settings above, and V8 helper
 * threads one fewer than the CPUs (at most Node's 4). On a 2-core machine Node's four helpers and the main thread
 * share two cores, and a young collection done in parallel had the main thread wait 5-15 ms for a core while
 * its own helpers ran; one helper leaves it a core.
 */
export function serverNodeArgs(cpus: number): string[] {
  const helpers = Math.max(1, Math.min(NODE_HELPER_THREADS, Math.floor(cpus) - 1));
  return [...SERVER_NODE_ARGS, `--v8-pool-size=${helpers}`];
}
