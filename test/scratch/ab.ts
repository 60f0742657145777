import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '/work/main/test/support/built';
import { testCertificates } from '/work/main/test/support/certs';
import { goSumFixture } from '/work/main/test/support/sumdbClientSetup';
import { buildGoPrograms } from '/work/main/test/bench/goPrograms';
import { startDatabase } from '/work/main/test/bench/sumdbServerProcess';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
function timedRun(program: string, args: string[], o: { env: Record<string, string> }): Promise<{ code: number | null; stdout: string; stderr: string; ms: number; cpu: number; peakRssMB: number }> {
  const report = `/tmp/ab-rusage-${process.pid}`;
  return new Promise((resolve) => {
    const t0 = performance.now();
    const c = spawn('/usr/bin/time', ['-f', '%M %U %S', '-o', report, program, ...args], { env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    c.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    c.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    c.on('close', (code) => {
      const ms = performance.now() - t0;
      const [kb, u, sy] = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      resolve({ code, stdout, stderr, ms, cpu: (u + sy) * 1000, peakRssMB: kb / 1024 });
    });
  });
}
import { makeProject, UserHome } from '/work/main/test/bench/userSetup';

const N = Number(process.env.N) || 5;
const variants = (process.env.CLIS || 'main:/work/main/dist/cli.js').split(',').map((s) => { const [name, cli] = s.split(':'); return { name, cli }; });
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
async function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'ab-'));
  const go = buildGoPrograms(work);
  const certs = testCertificates();
  const p = makeProject(work, 'telegraf', goSumFixture('influxdata_telegraf.go.sum'), path.join(ROOT, 'test/fixtures/reference/gomod/influxdata_telegraf.go.mod'));
  const db = await startDatabase({ program: go.database, goSumPath: p.goSumPath, latencyMs: 20, tls: { certPath: certs.server.certPath, keyPath: certs.server.keyPath } });
  const url = process.env.H1 ? db.httpUrl : db.httpsUrl!;
  const addr = { verifierKey: db.verifierKey, url };
  const res: Record<string, { cold: number[]; rss: number[]; warm: number[]; cpu: number[]; wcpu: number[]; home?: UserHome }> = {};
  for (const v of variants) res[v.name] = { cold: [], rss: [], warm: [], cpu: [], wcpu: [] };
  const goMs: number[] = [];
  try {
    for (let i = 0; i < N; i++) {
      if (process.env.GO) {
        const g = await timedRun(go.baseline, ['-k', db.verifierKey, '-u', url, p.goSumPath], { env: new UserHome(work).env(addr, certs.rootBundlePath) });
        goMs.push(g.ms);
      }
      for (const v of variants) {
        const home = res[v.name].home = new UserHome(work);
        const r = await timedRun(process.execPath, [...(process.env.NODE_EXTRA ?? '').split(' ').filter(Boolean), v.cli, 'check', '--json', p.dir], { env: home.env(addr, certs.rootBundlePath) });
        const sum = JSON.parse(r.stdout).summary;
        if (r.code !== 0 || sum.verified !== p.lines) console.log('WRONG', v.name, r.code, r.stderr.slice(0, 300));
        res[v.name].cold.push(r.ms); res[v.name].cpu.push(r.cpu); res[v.name].rss.push(r.peakRssMB);
      }
    }
    if (!process.env.NOWARM) for (let i = 0; i < N; i++) for (const v of variants) {
      const r = await timedRun(process.execPath, [...(process.env.WARM_EXTRA ?? '').split(' ').filter(Boolean), v.cli, 'check', '--json', ...(process.env.WARM_ARGS ?? '').split(' ').filter(Boolean), p.dir], { env: res[v.name].home!.env(addr, certs.rootBundlePath) });
      if (r.code !== 0) console.log('WRONG warm', v.name, r.stderr.slice(0, 300));
      if (process.env.PRINT_WARM) console.log(r.stderr.trim()); res[v.name].warm.push(r.ms); res[v.name].wcpu.push(r.cpu);
    }
    if (goMs.length) console.log(`go   cold med ${med(goMs).toFixed(0)} [${goMs.map((x) => x.toFixed(0)).join(' ')}]`);
    for (const v of variants) { const r = res[v.name]; console.log(`${v.name.padEnd(6)} cold med ${med(r.cold).toFixed(0)} [${r.cold.map((x) => x.toFixed(0)).join(' ')}] cpu med ${med(r.cpu).toFixed(0)} rss max ${Math.max(...r.rss).toFixed(0)}  warm cpu med ${r.wcpu.length ? med(r.wcpu).toFixed(0) : '-'} warm med ${r.warm.length ? med(r.warm).toFixed(0) : '-'} [${r.warm.map((x) => x.toFixed(0)).join(' ')}]`); }
  } finally { await db.close(); rmSync(work, { recursive: true, force: true }); }
}
main();
