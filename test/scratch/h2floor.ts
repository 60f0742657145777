import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http2 from 'node:http2';
import { Client } from 'undici';
import * as os from 'node:os';
import * as path from 'node:path';
import { testCertificates } from '/work/main/test/support/certs';
import { goSumFixture } from '/work/main/test/support/sumdbClientSetup';
import { buildGoPrograms } from '/work/main/test/bench/goPrograms';
import { startDatabase } from '/work/main/test/bench/sumdbServerProcess';
import { makeProject } from '/work/main/test/bench/userSetup';

async function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'h2f-'));
  const go = buildGoPrograms(work);
  const certs = testCertificates();
  const p = makeProject(work, 't', goSumFixture('influxdata_telegraf.go.sum'));
  const db = await startDatabase({ program: go.database, goSumPath: p.goSumPath, latencyMs: 20, tls: { certPath: certs.server.certPath, keyPath: certs.server.keyPath } });
  const keys = [...new Set(readFileSync(p.goSumPath, 'utf8').split('\n').filter(Boolean).map((l) => { const [m, v] = l.split(' '); return `${m}@${v.replace('/go.mod', '')}`; }))];
  const url = new URL(db.httpsUrl!);
  const conc = Number(process.env.C) || 250;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now(); const c0 = process.cpuUsage();
    const s = http2.connect(url.origin, { ca: readFileSync(certs.rootBundlePath) });
    const u = new Client(url.origin, { allowH2: true, pipelining: 250, connect: { ca: readFileSync(certs.rootBundlePath) } });
    let next = 0, bytes = 0;
    const oneU = async (k: string) => {
      const m = k.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
      const r = await u.request({ method: 'GET', path: `${url.pathname.replace(/\/$/, '')}/lookup/${m}` });
      const n = (await r.body.arrayBuffer()).byteLength; bytes += n; if (r.statusCode !== 200 && Math.random() < 0.01) console.log(r.statusCode, n);
    };
    const oneD = (k: string) => new Promise<void>((res, rej) => {
      const m = k.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
      const chunks: Buffer[] = [];
      u.dispatch({ method: 'GET', path: `${url.pathname.replace(/\/$/, '')}/lookup/${m}`, headers: { 'user-agent': 'x' } } as any, {
        onConnect() {}, onHeaders() { return true; }, onData(c: Buffer) { chunks.push(c); return true; },
        onComplete() { bytes += Buffer.concat(chunks).length; res(); }, onError: rej,
      } as any);
    });
    const one0 = (k: string) => new Promise<void>((res, rej) => {
      const m = k.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
      const req = s.request({ ':path': `${url.pathname.replace(/\/$/, '')}/lookup/${m}` });
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => { bytes += Buffer.concat(chunks).length; res(); });
      req.on('error', rej);
      req.end();
    });
    const worker = async () => { while (next < keys.length) await (process.env.U ? oneU : process.env.D ? oneD : one0)(keys[next++]); };
    await Promise.all(Array.from({ length: conc }, worker));
    s.close(); await u.close();
    const cpu = process.cpuUsage(c0);
    console.log(`${keys.length} lookups, ${conc} at once: ${(performance.now() - t0).toFixed(0)} ms wall, cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, ${bytes} bytes`);
  }
  await db.close(); rmSync(work, { recursive: true, force: true });
}
main();
