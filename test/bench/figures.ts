// Owns: how the product bench states its figures: rows of repeated runs (min / median / max of the wall time, the
// database's requests and connections, peak RSS) and the table of targets, each figure beside its goal, its
// must (when the issue sets one) and whether it is met. Test tooling only; prints, decides nothing else.

/** One run of one process, as measured from outside. */
export interface Sample {
  ms: number;
  peakRssMB: number;
  requests: number;
  /** Requests that came over HTTP/2. */
  http2: number;
  connections: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The p-th percentile (0-100) of `xs`, nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** One line about round trips: how many, p50 / p99 / max. */
export function printLatency(label: string, ms: readonly number[]): void {
  console.log(`${label}: ${ms.length} requests, p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`);
}

/** "12" or "12-15" when the runs differ. */
function spread(xs: readonly number[], digits = 0): string {
  const lo = Math.min(...xs).toFixed(digits);
  const hi = Math.max(...xs).toFixed(digits);
  return lo === hi ? lo : `${lo}-${hi}`;
}

export function printRowsHeader(): void {
  console.log('(requests and connections as the database counted them; those and peak RSS: one figure when every run agrees, else min-max)');
  console.log(`${'process'.padEnd(56)} ${'wall ms min / median / max'.padStart(28)}  ${'requests'.padStart(10)}  ${'of them h2'.padStart(10)}  ${'connections'.padStart(11)}  ${'peak RSS MB'.padStart(11)}`);
}

/** One line: the label, then min / median / max of the wall times and the spread of the other figures. */
export function printRow(label: string, samples: readonly Sample[]): void {
  const ms = samples.map((s) => s.ms);
  const wall = `${Math.min(...ms).toFixed(0)} / ${median(ms).toFixed(0)} / ${Math.max(...ms).toFixed(0)}`;
  console.log(`${label.padEnd(56)} ${wall.padStart(28)}  ${spread(samples.map((s) => s.requests)).padStart(10)}  ` +
    `${spread(samples.map((s) => s.http2)).padStart(10)}  ${spread(samples.map((s) => s.connections)).padStart(11)}  ${spread(samples.map((s) => s.peakRssMB)).padStart(11)}`);
}

export interface Target {
  /** What the figure is, in words. */
  figure: string;
  value: number;
  unit: 'x' | 'ms' | 'MB';
  /** At most this. */
  goal: number;
  /** At most this, or the goal is the must. */
  must?: number;
  /** Something else the figure depends on (e.g. a correct result). */
  holds?: boolean;
}

function amount(v: number, unit: Target['unit']): string {
  return unit === 'x' ? `${v.toFixed(2)}x` : `${v.toFixed(0)} ${unit}`;
}

function verdict(t: Target): string {
  if (t.holds === false || !Number.isFinite(t.value)) return 'FAIL (no valid figure)';
  if (t.value <= t.goal) return 'pass';
  if (t.must !== undefined && t.value <= t.must) return 'goal missed, must met';
  return 'FAIL';
}

/** The targets table; returns how many are met (goal or must). */
export function printTargets(targets: readonly Target[]): number {
  console.log(`\n${'target'.padEnd(70)} ${'figure'.padStart(9)} ${'goal'.padStart(11)} ${'must'.padStart(11)}  result`);
  let met = 0;
  for (const t of targets) {
    const v = verdict(t);
    if (!v.startsWith('FAIL')) met++;
    console.log(`${t.figure.padEnd(70)} ${amount(t.value, t.unit).padStart(9)} ${('<= ' + amount(t.goal, t.unit)).padStart(11)} ` +
      `${(t.must === undefined ? '' : '<= ' + amount(t.must, t.unit)).padStart(11)}  ${v}`);
  }
  console.log(`${met} of ${targets.length} targets met`);
  return met;
}
