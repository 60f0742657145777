// The gosum-doctor command (dist/cliMain.js, which dist/cli.js runs: cliStart.ts): wires process argv,
// stdout/stderr, the environment (and the locale it asks for) and the exit code to cli/main.ts.

import { runCli } from './cli/main';
import { localeFromEnv } from './i18n';
import { setProcessSliceMs, UNATTENDED_SLICE_MS } from './slices';
import { setCliHeapPolicy } from './cli/heapPolicy';
import { setCliTieringPolicy } from './cli/tieringPolicy';
import { goTextBytes } from './shared/utf8';

// Nobody waits on this process's event loop (slices.ts).
setProcessSliceMs(UNATTENDED_SLICE_MS);
// The heap policy a running process can take (cli/heapPolicy.ts). (Tried: set only once lookups start, it saved a
// warm check nothing measurable.)
setCliHeapPolicy();
// Only the baseline compiler for a process this short (cli/tieringPolicy.ts).
setCliTieringPolicy();

// Text from files is kept as Go strings (goText): a byte that is no UTF-8 goes out as that byte, as go prints it.
runCli(process.argv.slice(2), {
  out: (t) => { process.stdout.write(goTextBytes(t)); },
  err: (t) => { process.stderr.write(goTextBytes(t)); },
}, { env: process.env, locale: localeFromEnv(process.env) }).then(
  (code) => {
    // Leave as soon as the output is out: a natural exit first drains V8's background tasks (measured at 50-250
    // ms after the last line on a busy machine). Every cache write has landed by now (runCheck awaits them).
    process.exitCode = code;
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  },
  (e: unknown) => {
    process.stderr.write(`gosum-doctor: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
