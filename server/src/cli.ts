#!/usr/bin/env node
// The gosum-doctor command: wires process argv, stdout/stderr, the environment (and the locale it asks for) and the
// exit code to cli/main.ts.

import { setFlagsFromString } from 'node:v8';
import { runCli } from './cli/main';
import { localeFromEnv } from './i18n';
import { setProcessSliceMs, UNATTENDED_SLICE_MS } from './slices';
import { setCliHeapPolicy } from './cli/heapPolicy';

// undici, which carries HTTP/1.1 only (plain http, servers and intercepting proxies that do not offer h2; HTTP/2
// goes through our own client, h2Connection.ts, and loads no WebAssembly), parses HTTP with a WebAssembly module; V8 re-compiles it with
// TurboFan on a background thread, which competes with the check for the CPU and which exiting waits for
// (measured: 60 ms between process.exit and the end of a warm check, 10 ms without that job). The baseline compiler
// parses our few responses as fast. Set before the first connection, and only where that compiler is known to
// handle every function (elsewhere a bail-out would have no fallback).
if (process.arch === 'x64' || process.arch === 'arm64') setFlagsFromString('--liftoff-only');
// Nobody waits on this process's event loop (slices.ts).
setProcessSliceMs(UNATTENDED_SLICE_MS);
// The heap policy a running process can take (cli/heapPolicy.ts). (Tried: set only once lookups start, it saved a
// warm check nothing measurable.)
setCliHeapPolicy();

runCli(process.argv.slice(2), {
  out: (t) => { process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
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
