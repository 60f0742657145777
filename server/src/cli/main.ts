// Runs one gosum-doctor invocation and returns its exit code: 0 clean, 1 problems found, 2 could not check,
// 64 usage. Output goes through CliOutput so tests can call it in-process; cli.ts only wires process I/O.

import { parseArgs, UsageError, USAGE } from './args';
import { runCheck } from './checkCommand';
import { runProbe, type CliOutput } from './probe';
import { version as packageVersion } from '../../../package.json';

export const EXIT = { clean: 0, problems: 1, couldNotCheck: 2, usage: 64 } as const;

export async function runCli(argv: readonly string[], io: CliOutput): Promise<number> {
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
    case 'probe': return runProbe(cmd.target, cmd.format === 'json', io, cmd.go);
    case 'check': return runCheck({ target: cmd.target, format: cmd.format, offline: cmd.offline, version: packageVersion }, io);
  }
}
