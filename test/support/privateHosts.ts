// Runs a program in a private mount namespace (root's `unshare --mount`) whose /etc/hosts is the test's own, on the
// machine's network: names such as mirror.goproxy.test then lead to 127.0.0.1 for the go command and for our CLI
// alike (both read /etc/hosts first: Go's resolver for `files dns`, Node through the C library). The machine's own
// /etc/hosts is never touched (the namespace's mounts are private). Test tooling only.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Turns a program and its arguments into the command line that runs it; the identity runs it as it is. */
export type Launcher = (program: string, args: readonly string[]) => [string, string[]];

export const directly: Launcher = (program, args) => [program, [...args]];

const BIND_AND_RUN = 'mount --bind "$0" /etc/hosts && exec "$@"';

/** Why private mount namespaces cannot be used here, or undefined when they can. */
export function privateHostsUnavailable(): string | undefined {
  try {
    execFileSync('unshare', ['--mount', 'sh', '-c', BIND_AND_RUN, '/etc/hosts', 'true'], { stdio: 'pipe', timeout: 10_000 });
    return undefined;
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer; message?: string };
    const why = e.code === 'ENOENT' ? 'unshare (util-linux) is not installed' : (e.stderr?.toString().trim() || e.message || String(err));
    return `private mount namespaces are not available (needs root and unshare): ${why}`;
  }
}

/** A launcher whose programs see `names` at 127.0.0.1 (and localhost as usual); the hosts file lives until exit. */
export function withHostNames(names: readonly string[]): Launcher {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-hosts-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const hosts = path.join(dir, 'hosts');
  fs.writeFileSync(hosts, `127.0.0.1 localhost\n127.0.0.1 ${names.join(' ')}\n`);
  return (program, args) => ['unshare', ['--mount', 'sh', '-c', BIND_AND_RUN, hosts, program, ...args]];
}
