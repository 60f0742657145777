// Seeded server answers given to the go command and to `check` alike (greet's go.sum, the same settings): where go
// verifies, check must verify; where it stops, check must quote its error. Test tooling only.
import assert from 'node:assert/strict';
import { auditSetup, parse } from './auditSetup';
import { goModDownload } from './goModDownload';

/** go's error, from its "go: " line on: a note it refuses is quoted on the lines after; a response it logs first is not part of it. */
export function goErrorOf(output: string): string {
  const lines = output.split('\n');
  return lines.slice(Math.max(0, lines.findIndex((l) => l.startsWith('go: ')))).join('\n');
}

/** A verdict message's quote of go: its "go: " line and the indented lines of detail after it. */
export function goLinesIn(message: string): string | undefined {
  const lines = message.split('\n');
  const start = lines.findIndex((l) => l.startsWith('go: '));
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && lines[end].startsWith('\t')) end++;
  return lines.slice(start, end).join('\n');
}

/**
 * What `check` makes of `goSumLines` under `env`: '' when every line is verified, else the go error it quotes (the
 * scenario's, or a go.mod line's verdict's when the database answered that version on its own, as a 404 is).
 */
export async function checkOutcome(env: Record<string, string>, goSumLines: string[]): Promise<string> {
  const a = await auditSetup(env);
  try {
    const r = await a.auditor.audit(parse(goSumLines));
    if (r.summary.verified === goSumLines.length) return '';
    return r.scenario?.goError ?? goLinesIn(r.verdicts.find((v) => v.kind === 'go.mod')?.message ?? '') ?? JSON.stringify(r.summary);
  } finally {
    await a.close();
  }
}

/** One seed's settings: for go, for check (default the same), and the answer the seed made, shown when they differ. */
export interface SeededRun {
  env: Record<string, string>;
  checkEnv?: Record<string, string>;
  shown: string;
}

/** Runs each seed beside go; asserts that check agrees on every one, and that the seeds reach both outcomes. */
export async function assertSeedsAgreeWithGo(seeds: readonly number[], goSumLines: string[], run: (seed: number) => Promise<SeededRun>): Promise<void> {
  const differences: string[] = [];
  let verifiedByGo = 0;
  for (const seed of seeds) {
    const { env, checkEnv, shown } = await run(seed);
    const go = goErrorOf(await goModDownload(env));
    const ours = await checkOutcome(checkEnv ?? env, goSumLines);
    if (go === '') verifiedByGo++;
    if (ours.trimEnd() !== go) differences.push(`seed ${seed}: ${JSON.stringify(shown)}\n  go:   ${go}\n  ours: ${ours}`);
  }
  console.log(`      ${seeds.length} seeds: go verified ${verifiedByGo}, stopped ${seeds.length - verifiedByGo}`);
  assert.deepEqual(differences, []);
  assert.ok(verifiedByGo > 0 && verifiedByGo < seeds.length, 'the seeds reach both outcomes');
}
