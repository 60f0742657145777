// Owns: test wiring for audits — a hermetic Go environment (GOENV=off, temp HOME/GOPATH/GOMODCACHE, no PATH)
// pointing GOSUMDB at our test database on 127.0.0.1, and go.sum text helpers.
// Must never: reach anything but the loopback servers it is given, or read the developer's real Go settings.
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { GoSumAuditor, type AuditorOptions } from '../../server/src/audit/auditor';
import { realClock, waitOn } from '../../server/src/sumdb/clock';
import { createAuditContext, type AuditContext, type AuditContextOptions } from '../../server/src/audit/context';
import { parseGoSum, type GoSumParse } from '../../server/src/parse/gosum';
import { tempDir } from './sumdbClientSetup';

export interface AuditSetup {
  ctx: AuditContext;
  auditor: GoSumAuditor;
  home: string;
  close(): Promise<void>;
}

/** The environment of a user whose only settings are `env` (plus a private temp HOME and GOPATH). */
export function hermeticEnv(home: string, env: Record<string, string>): Record<string, string> {
  return {
    HOME: home,
    GOENV: 'off',
    GOPATH: path.join(home, 'go'),
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    ...env,
  };
}

export async function auditSetup(
  env: Record<string, string>,
  opts: Partial<AuditContextOptions> & { auditor?: Partial<AuditorOptions>; home?: string } = {},
): Promise<AuditSetup> {
  const home = opts.home ?? tempDir('audit-home');
  const ctx = await createAuditContext({
    processEnv: hermeticEnv(home, env),
    cacheDir: path.join(home, 'cache'),
    transportOptions: { timeoutMs: 5000 },
    ...opts,
  });
  const auditor = new GoSumAuditor(ctx, { wait: waitOn(realClock), ...opts.auditor });
  return {
    ctx, auditor, home,
    async close() {
      await ctx.close();
      // Cache writes are fire-and-forget in the client; retry while the last ones land.
      if (!opts.home) await rm(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    },
  };
}

/** GOSUMDB naming the test database's key and URL, as a user would set it. */
export function gosumdbFor(db: { verifierKey: string; url: string }): string {
  return `${db.verifierKey} ${db.url}`;
}

export function parse(lines: string[]): GoSumParse {
  return parseGoSum(lines.join('\n') + '\n');
}

/** Another well-formed h1 hash for a go.sum line (first byte flipped). */
export function tamper(line: string): string {
  const [m, v, h] = line.split(' ');
  const bytes = Buffer.from(h.slice(3), 'base64');
  bytes[0] ^= 0xff;
  return `${m} ${v} h1:${bytes.toString('base64')}`;
}

export function lookupsIn(requests: readonly string[]): string[] {
  return requests.filter((r) => r.includes('/lookup/'));
}
