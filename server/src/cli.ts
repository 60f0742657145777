#!/usr/bin/env node
// The gosum-doctor command: wires process argv, stdout/stderr and the exit code to cli/main.ts.

import { runCli } from './cli/main';

runCli(process.argv.slice(2), {
  out: (t) => { process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
}).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    process.stderr.write(`gosum-doctor: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
