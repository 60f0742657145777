// Owns: running the bench's checksum database (the Go program in sumdb-server/, golang.org/x/mod/sumdb's own
// server) as a child process: starts it, reads its first line (URLs, verifier key, name, records), asks it for
// its counts, and stops it by closing its stdin — so it can never outlive the bench.
// Test tooling only; the database listens on 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface DatabaseOptions {
  /** The built sumdb-server program. */
  program: string;
  /** A go.sum file whose lines make up the log. */
  goSumPath: string;
  latencyMs: number;
  /** PEM files: also serve HTTPS (with HTTP/2 offered by ALPN). */
  tls?: { certPath: string; keyPath: string };
}

/** Counts since the database started. */
export interface ServerStats {
  requests: number;
  lookups: number;
  tiles: number;
  latest: number;
  other: number;
  /** Requests that came over HTTP/2. */
  http2: number;
  /** Connections accepted. */
  connections: number;
  /** CPU time the database has used, in ms. */
  cpuMs: number;
}

export interface ChildDatabase {
  name: string;
  verifierKey: string;
  records: number;
  httpUrl: string;
  httpsUrl?: string;
  stats(): Promise<ServerStats>;
  close(): Promise<void>;
}

/** What happened between two stats() answers. */
export function statsBetween(before: ServerStats, after: ServerStats): ServerStats {
  const out = { ...after };
  for (const k of Object.keys(out) as (keyof ServerStats)[]) out[k] = after[k] - before[k];
  return out;
}

export async function startDatabase(options: DatabaseOptions): Promise<ChildDatabase> {
  const args = ['-gosum', options.goSumPath, '-latency', `${options.latencyMs}ms`];
  if (options.tls) args.push('-cert', options.tls.certPath, '-key', options.tls.keyPath);
  const child = spawn(options.program, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const answers: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (l) => { const w = waiting.shift(); if (w) w(l); else answers.push(l); });
  const gone = () => { for (const w of waiting.splice(0)) w(undefined); };
  lines.on('close', gone);
  child.on('error', (e) => { console.error(`${options.program}: ${e.message}`); gone(); });
  const next = (): Promise<unknown> => new Promise((resolve, reject) => {
    const take = (l: string | undefined) => (l === undefined ? reject(new Error('the checksum database process has exited')) : resolve(JSON.parse(l)));
    if (answers.length > 0) take(answers.shift());
    else waiting.push(take);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hello = (await next()) as { http: string; https?: string; name: string; verifierKey: string; records: number };
  return {
    name: hello.name, verifierKey: hello.verifierKey, records: hello.records, httpUrl: hello.http, httpsUrl: hello.https,
    stats: () => {
      const answer = next();
      child.stdin.write('stats\n');
      return answer as Promise<ServerStats>;
    },
    close: async () => {
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}
