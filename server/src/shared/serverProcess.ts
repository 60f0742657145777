// Owns: how the language server's Node process is started: the V8 heap settings and helper threads that the
// client passes and the benchmarks and tests start it with, so that all three measure and run the same process;
// and the part of those heap settings the command-line tool takes as it starts (cli/heapPolicy.ts).
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
export const SERVER_HEAP_ARGS: readonly string[] = ['--max-old-space-size=768', '--max-semi-space-size=2', '--heap-growing-percent=20'];

/**
 * The part of that policy a process that starts with none of ours (the command-line tool, run as `node cli.js`)
 * takes as it starts: V8 reads the growing factor at each collection. Its young generation: cli/heapPolicy.ts.
 */
export const RUNNING_PROCESS_HEAP_FLAGS: readonly string[] = SERVER_HEAP_ARGS.filter((a) => a.startsWith('--heap-growing-percent='));

/** Node's own number of V8 helper threads (collecting garbage beside the main thread, compiling). */
const NODE_HELPER_THREADS = 4;

/**
 * The language server's Node options on a machine with `cpus` CPUs: the heap settings above, and no more V8
 * helper threads than CPUs (Node's 4 at most). On a 2-core machine Node's four helpers took the main thread's
 * core during a parallel collection (it waited 5-15 ms for one, again and again); with a single helper the main
 * thread did most of a full collection itself (once a 45 ms pause). Two measured best there.
 */
export function serverNodeArgs(cpus: number): string[] {
  const helpers = Math.max(1, Math.min(NODE_HELPER_THREADS, Math.floor(cpus)));
  return [...SERVER_HEAP_ARGS, `--v8-pool-size=${helpers}`];
}
