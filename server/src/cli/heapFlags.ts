// Owns: the V8 heap flags the command-line tool sets on itself as it starts (it runs as a plain `node cli.js`).
// Must never: import vscode or do I/O.

/**
 * V8 reads the growing factor at each collection but sizes the semi-spaces only when the heap is made, so a
 * running process takes these instead of start-up flags: old generation allowed to grow 1.2 times its live data,
 * and a small young generation. Each response of a cold check leaves a few KB of request objects (undici's,
 * node:http2's streams) that live across two young collections and are promoted, so at V8's defaults telegraf's
 * cold check over HTTP/2 peaked at 142-150 MB RSS (live heap 17 MB), over the CLI's 120 MB must; with these,
 * 101-109 MB, at 0.15-0.2 s more CPU.
 */
export const RUNNING_PROCESS_HEAP_FLAGS: readonly string[] = ['--heap-growing-percent=20', '--optimize-for-size'];
