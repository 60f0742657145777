// Owns: running the probe as the editor runs it (no go step) on a directory holding given go.sum lines, with
// the settings resolved as the go command resolves them. Test tooling only.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { probe } from '../../server/src/diagnosis/probe';
import type { ProbeReport } from '../../server/src/diagnosis/probeReport';
import { realClock } from '../../server/src/sumdb/clock';
import { resolvedEnv } from './goEnv';

/** The probe's report for a directory whose go.sum holds `lines`, under `env`; the directory is removed after. */
export async function probeGoSum(lines: readonly string[], env: Record<string, string>): Promise<ProbeReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-gosum-'));
  try {
    fs.writeFileSync(path.join(dir, 'go.sum'), lines.join('\n') + '\n');
    return await probe({ clock: realClock, dir, env: resolvedEnv(env), confirmWithGo: false, budgetMs: 15_000 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
