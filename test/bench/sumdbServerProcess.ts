// Owns: running our test checksum database in a CHILD process for the benchmarks, so that the server's CPU
// and event loop are not the client's. As a script: starts startSumdbServer from a go.sum path and options,
// prints {"url","verifierKey","name","records"} as one JSON line on stdout, then answers line commands on
// stdin ("stats", "latency N", "close") with one JSON line each. As a module: spawnSumdbServer() starts it and
// returns a handle whose stats() fetches the server's request log counts and connections.
// Test tooling only; must never listen on anything but loopback (startSumdbServer's rule) or outlive its parent.
import * as os from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ChildServerOptions {
  /** A go.sum file whose lines make up the log. */
  goSumPath: string;
  latencyMs?: number;
  /** Filler records before each go.sum record (startSumdbServer's `spread`). */
  spread?: number;
  /** HTTPS (PEM files); `http2` also offers HTTP/2. */
  tls?: { certPath: string; keyPath: string; http2?: boolean };
}

export interface ServerStats {
  /** Requests received since the server started, and by kind of path. */
  requests: number;
  lookups: number;
  tiles: number;
  latest: number;
  other: number;
  /** Connections accepted since the server started. */
  connections: number;
  /** CPU time the server process has used (user + system), in ms. */
  cpuMs: number;
}

export interface ChildSumdbServer {
  url: string;
  verifierKey: string;
  name: string;
  records: number;
  stats(): Promise<ServerStats>;
  setLatency(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Unix niceness of the database process (0 is normal, 19 the lowest priority). */
const DATABASE_NICENESS = 10;

/** Starts the test database in a child process (tsx, same Node) and waits until it listens. */
export function spawnSumdbServer(options: ChildServerOptions): Promise<ChildSumdbServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', __filename, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // The database stands for a server elsewhere, which takes no CPU from the user's machine: on this 2-core one it
  // runs behind the process being measured instead of taking a core from it while it serves 50,000 lookups.
  if (child.pid) os.setPriority(child.pid, DATABASE_NICENESS);
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<{ resolve: (v: unknown) => void; reject: (e: Error) => void }> = [];
  let exited = false;
  child.on('exit', (code) => {
    exited = true;
    for (const w of waiting.splice(0)) w.reject(new Error(`test database process exited with ${code}`));
  });
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (!w) return;
    try {
      w.resolve(JSON.parse(line));
    } catch {
      w.reject(new Error(`test database process said: ${line}`));
    }
  });
  const next = <T>(): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) reject(new Error('test database process has exited'));
      else waiting.push({ resolve: resolve as (v: unknown) => void, reject });
    });
  const command = <T>(text: string): Promise<T> => {
    const answer = next<T>();
    child.stdin!.write(text + '\n');
    return answer;
  };
  return next<{ url: string; verifierKey: string; name: string; records: number }>().then((hello) => ({
    ...hello,
    stats: () => command<ServerStats>('stats'),
    setLatency: async (ms: number) => { await command('latency ' + ms); },
    close: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin!.end('close\n');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  }));
}

async function serve(options: ChildServerOptions): Promise<void> {
  // Imported here so that the parent (which only spawns) does not load the server and the log.
  const { startSumdbServer } = await import('../support/sumdb-server');
  const goSumLines = readFileSync(options.goSumPath, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const db = await startSumdbServer({
    goSumLines,
    latencyMs: options.latencyMs ?? 0,
    spread: options.spread,
    tls: options.tls ? { cert: readFileSync(options.tls.certPath), key: readFileSync(options.tls.keyPath), http2: options.tls.http2 } : undefined,
  });
  const say = (v: unknown): void => { process.stdout.write(JSON.stringify(v) + '\n'); };
  say({ url: db.url, verifierKey: db.verifierKey, name: db.name, records: db.log.size });
  const input = createInterface({ input: process.stdin });
  const stop = async (): Promise<void> => {
    await db.close();
    process.exit(0);
  };
  input.on('line', (line) => {
    const [cmd, arg] = line.trim().split(/\s+/);
    if (cmd === 'stats') {
      const count = { lookups: 0, tiles: 0, latest: 0, other: 0 };
      for (const r of db.requests) {
        if (r.includes('/lookup/')) count.lookups++;
        else if (r.includes('/tile/')) count.tiles++;
        else if (r.endsWith('/latest')) count.latest++;
        else count.other++;
      }
      const cpu = process.cpuUsage();
      say({ requests: db.requests.length, ...count, connections: db.connections, cpuMs: (cpu.user + cpu.system) / 1000 });
    } else if (cmd === 'latency') {
      db.setLatency(Number(arg));
      say({ ok: true });
    } else if (cmd === 'close') {
      void stop();
    }
  });
  // The parent went away: never outlive it.
  input.on('close', () => void stop());
}

if (require.main === module) {
  serve(JSON.parse(process.argv[2]) as ChildServerOptions).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
