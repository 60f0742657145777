// Runs one gosum-doctor invocation and returns its exit code: 0 clean, 1 problems found, 2 could not check,
// 64 usage. Output goes through CliOutput, the environment and the language through CliContext, so tests can call
// it in-process, several at once; cli.ts only wires the process.

import { parseArgs, UsageError, USAGE } from './args';
import { runCheck } from './checkCommand';
import { runProbe, type CliOutput } from './probe';
import { localeFromEnv } from '../i18n';
import { version as packageVersion } from '../../../package.json';

export const EXIT = { clean: 0, problems: 1, couldNotCheck: 2, usage: 64 } as const;

/** What one invocation runs in: the environment the go command would see, and the language to speak. */
export interface CliContext {
  env?: NodeJS.ProcessEnv;
  /** Our locale id; default: the one `env` asks for (LC_ALL, LC_MESSAGES, LANG, LANGUAGE). */
  locale?: string;
}

export async function runCli(argv: readonly string[], io: CliOutput, context: CliContext = {}): Promise<number> {
  const env = context.env ?? process.env;
  const locale = context.locale ?? localeFromEnv(env);
  let cmd;
  try {
    cmd = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`gosum-doctor: ${e.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  switch (cmd.name) {
    case 'help': io.out(USAGE); return EXIT.clean;
    case 'version': io.out(`gosum-doctor ${packageVersion}\n`); return EXIT.clean;
    case 'probe': return runProbe(cmd.target, cmd.format === 'json', io, cmd.go, env, locale);
    case 'check': return runCheck({ target: cmd.target, format: cmd.format, offline: cmd.offline, timings: cmd.timings, version: packageVersion, env, locale }, io);
  }
}
