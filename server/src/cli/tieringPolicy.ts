// Owns: which of V8's compilers the command-line process uses. A run lasts a fraction of a second and is mostly
// the first run of each function: TurboFan's optimised code comes too late to pay for its compiles (on the second
// core, which V8's collector and, in the bench, the database's own server need) and its deoptimisations.
// Sparkplug, the baseline compiler, stays: without it a warm check took 158 instead of 141 ms (medians of 21).
// Must never: do I/O. Set after the bundle's top level has run: a flag changed earlier changes V8's flag hash
// before Node compiles its own built-in modules from the cache in its binary, which it then refuses (measured:
// `gosum-doctor --version` 39 → 47 ms when the flag came first).
import { setFlagsFromString } from 'node:v8';

/** TurboFan off for the rest of the process. */
export function setCliTieringPolicy(): void {
  setFlagsFromString('--no-turbofan');
}
