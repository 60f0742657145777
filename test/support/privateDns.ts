// The go command and our CLI, run in a private network and mount namespace (root's `unshare --net --mount`) whose
// /etc/resolv.conf we write and whose only DNS server is dnsResponder.ts on loopback: DNS failures worded by Go's
// own resolver can then be compared without a query leaving the machine.
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIST_CLI, ROOT } from './built';

/** Why namespaces cannot be used here, or undefined when they can. */
export function privateDnsUnavailable(): string | undefined {
  try {
    execFileSync('unshare', ['--net', '--mount', 'sh', '-c', 'ip link set lo up && mount --bind /etc/resolv.conf /etc/resolv.conf'], { stdio: 'pipe', timeout: 10_000 });
    return undefined;
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer; message?: string };
    const why = e.code === 'ENOENT' ? 'unshare (util-linux) is not installed' : (e.stderr?.toString().trim() || e.message || String(err));
    return `private network namespaces are not available (needs root, unshare and ip from iproute2): ${why}`;
  }
}

export interface PrivateDnsRun {
  resolvConf: string;
  /** /etc/nsswitch.conf's text in the namespace; the machine's own when omitted. */
  nsswitch?: string;
  /** Where the responder listens; omit `rcode` for no DNS server at all. */
  dns?: { address: string; rcode: number };
  /** go.mod's text for `go mod download`, go.sum's for check and probe. */
  goMod: string;
  goSum: string;
  env: Record<string, string>;
}

export interface PrivateDnsResult {
  go: string;
  check: { diagnosis?: { goError?: string | null } | null };
  probe: { scenario?: string; goError?: string };
}

export async function runWithPrivateDns(run: PrivateDnsRun): Promise<PrivateDnsResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'private-dns-'));
  try {
    for (const d of ['mod', 'sum']) fs.mkdirSync(path.join(work, d));
    fs.writeFileSync(path.join(work, 'resolv.conf'), run.resolvConf);
    fs.writeFileSync(path.join(work, 'mod', 'go.mod'), run.goMod);
    fs.writeFileSync(path.join(work, 'sum', 'go.sum'), run.goSum);
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin:/usr/sbin:/sbin', HOME: work, GOPATH: path.join(work, 'gopath'), GOCACHE: path.join(work, 'gocache'),
      GOENV: 'off', GOFLAGS: '-mod=mod -modcacherw', GOTOOLCHAIN: 'local', WORK: work, NODE: process.execPath, CLI: DIST_CLI, RESPONDER: path.join(__dirname, 'dnsResponder.ts'),
      ...(run.dns ? { DNS_ADDRESS: run.dns.address, DNS_RCODE: String(run.dns.rcode) } : {}), ...(run.nsswitch ? { NSSWITCH: run.nsswitch } : {}), ...run.env,
    };
    await new Promise<void>((resolve, reject) =>
      execFile('unshare', ['--net', '--mount', 'sh', path.join(__dirname, 'privateDns.sh')], { cwd: ROOT, env, timeout: 90_000 }, (err, _out, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve()),
    );
    const read = (f: string) => fs.readFileSync(path.join(work, f), 'utf8');
    const json = (f: string) => (read(f).trim() ? JSON.parse(read(f)) : {}) as never;
    return { go: read('go.txt').trim(), check: json('check.json'), probe: json('probe.json') };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
