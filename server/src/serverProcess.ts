// Owns: how the language server's Node process is started: the V8 heap settings the client passes and the
// benchmarks and tests start it with, so that all three measure and run the same process.
// Must never: import vscode or do I/O.

/**
 * V8 lets the old generation grow to the live data times a factor that is 4 when the heap limit is large
 * (Node's default on a big machine) and about 1.5 under a 768 MB limit; a young generation of 4 MB semi-spaces
 * keeps a quarter of the default space for short-lived objects, and each scavenge copies less. Together they
 * hold a 100,000-line audit near 225 MB instead of 400 MB, with no longer pauses (8 MB semi-spaces: about
 * 10 MB more, and no shorter ones). 768 MB still leaves seven times the live data of such an audit (about
 * 100 MB, with the record index and the verdicts of every line).
 * The growing factor is then fixed at 1.2: each edit of a huge go.sum leaves its old text (8 MB for 100,000
 * lines) and the old verdicts behind, and at V8's own factor a few edits in a row pile up some 20 MB more before
 * a full collection frees them. Full collections come more often (each a few ms of the event loop, like any other).
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-old-space-size=768', '--max-semi-space-size=4', '--heap-growing-percent=20'];
