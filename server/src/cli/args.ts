// Command-line parsing for gosum-doctor: turns argv into a Command or a usage error. Pure: no I/O, no exits.

export type Format = 'text' | 'json' | 'sarif';

export type Command =
  | { name: 'check'; target: string; format: Format; offline: boolean; /** --timings: where the time went, on stderr */ timings: boolean }
  | { name: 'probe'; target: string; format: Format; /** false with --no-go: never run the go command */ go: boolean }
  | { name: 'help' }
  | { name: 'version' };

export class UsageError extends Error {}

export const USAGE = `usage: gosum-doctor <command> [arguments]

commands:
  check [DIR|FILE] [--json] [--sarif] [--offline] [--timings]
        check go.sum, go.work.sum and go.mod in DIR (default .), or one FILE;
        when DIR holds the go.work the go command uses there (or FILE is a
        go.work), also the go.sum and go.mod of every module it uses; a DIR
        holding none of them stands for the module (or workspace) the go
        command finds there, as in a package directory;
        --timings also prints where the time went on stderr
  probe [DIR] [--json] [--no-go]
        find out whether and how the go command can reach its checksum database;
        when a go binary is on PATH, also ask it (go mod download in a temporary
        module with a temporary module cache) and show its exact output,
        unless --no-go

options:
  -h, --help     show this help
  -v, --version  show the version

exit codes: 0 clean, 1 problems found, 2 could not check, 64 usage error
`;

export function parseArgs(argv: readonly string[]): Command {
  const flags = new Set<string>();
  const positional: string[] = [];
  for (const a of argv) {
    if (a === '--') continue;
    if (a.startsWith('-') && a !== '-') flags.add(a);
    else positional.push(a);
  }
  if (flags.has('-h') || flags.has('--help')) return { name: 'help' };
  if (flags.has('-v') || flags.has('--version')) return { name: 'version' };
  const [name, ...rest] = positional;
  if (name === undefined) throw new UsageError('missing command');
  const allowed: Record<string, string[]> = {
    check: ['--json', '--sarif', '--offline', '--timings'],
    probe: ['--json', '--no-go'],
    help: [],
    version: [],
  };
  if (!(name in allowed)) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
  for (const f of flags) {
    if (!allowed[name].includes(f)) throw new UsageError(`unknown flag ${f} for ${name}`);
  }
  const maxPositional = name === 'check' || name === 'probe' ? 1 : 0;
  if (rest.length > maxPositional) throw new UsageError(`too many arguments for ${name}: ${rest.join(' ')}`);
  if (flags.has('--json') && flags.has('--sarif')) throw new UsageError('--json and --sarif cannot be used together');
  const format: Format = flags.has('--json') ? 'json' : flags.has('--sarif') ? 'sarif' : 'text';
  switch (name) {
    case 'check': return { name, target: rest[0] ?? '.', format, offline: flags.has('--offline'), timings: flags.has('--timings') };
    case 'probe': return { name, target: rest[0] ?? '.', format, go: !flags.has('--no-go') };
    case 'help': return { name };
    default: return { name: 'version' };
  }
}
