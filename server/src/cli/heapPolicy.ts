// Owns: the command-line process's heap policy, set as it starts: users run `node cli.js` or npm's shim, so it
// cannot be given V8's start-up flags as the language server is (serverProcess.ts).
// Old generation: the language server's growing step. Young generation: V8 doubles it from 1 MB whenever enough
// objects survive, up to 32 MB; a running process cannot cap that (the start-up cap is read once), so a watcher
// holds it where it is once a collection reports two 4 MB semi-spaces. Watchers run between turns of the event
// loop: one turn in which enough survives to double it twice would pass the mark, and this process's work is cut
// into slices of 50 ms (slices.ts); in 16 runs of telegraf's check it always ended at 8 MB.
// Each response of a cold check leaves request objects that live across two young collections at 1 MB and are
// then promoted; at 4 MB most die young. Telegraf's cold check over HTTP/2 through node:http2 (medians of seven,
// same run): held at 1 MB from the start 1.10 s and 93 MB peak RSS, held at 4 MB 1.02 s and 99 MB, never held
// 0.94 s and 141 MB (the target is 120 MB at most). Through our own HTTP/2 client, which leaves far less: held
// 806 ms and 96 MB, never held 779 ms and 117 MB. A warm check did not move (213 / 206 ms).
// Must never: do I/O.
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { RUNNING_PROCESS_HEAP_FLAGS } from '../shared/serverProcess';

/** The young generation held: two semi-spaces of 4 MB. */
export const HELD_YOUNG_GENERATION_BYTES = 8 << 20;

/** Sets the policy for the rest of the process. */
export function setCliHeapPolicy(): void {
  for (const flag of RUNNING_PROCESS_HEAP_FLAGS) setFlagsFromString(flag);
  const watcher = new PerformanceObserver(() => {
    const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (!young || young.space_size < HELD_YOUNG_GENERATION_BYTES) return;
    setFlagsFromString('--semi-space-growth-factor=1'); // V8 reads it at each collection: no further doubling
    watcher.disconnect();
  });
  watcher.observe({ entryTypes: ['gc'] });
}
