// Owns: the product bench's whole-process runs of the command-line tool and of the Go baseline, each timed from
// outside with the database's counts around it: `node dist/cli.js check --json DIR` as a user types it (default
// settings; a fresh home and cache for a cold run, the same cache again for a warm one), `node dist/cli.js
// --version` beside the warm runs, and gosumcheck-equivalent (every lookup at once) alternating with ours.
// Each run's answer is checked: every line verified, or the run is reported as wrong. Test tooling only.
import { DIST_CLI } from '../support/built';
import type { Sample } from './figures';
import type { GoPrograms } from './goPrograms';
import { statsBetween, type ChildDatabase } from './sumdbServerProcess';
import { timedRun, type TimedRun } from './timedProcess';
import { UserHome, type Project } from './userSetup';

/** One way to reach the database. */
export interface Endpoint {
  url: string;
  /** The CA bundle the user's SSL_CERT_FILE names. */
  caFile: string;
}

export interface ColdPairs {
  ours: Sample[];
  go: Sample[];
  /** The home of our last cold run: its cache serves the warm runs. */
  lastHome: UserHome;
}

export class CliRuns {
  /** Runs whose answer was wrong, in words. */
  readonly problems: string[] = [];

  /** `moduleCacheFilled`: every line must also match the module cache (a BuiltProject's home). */
  constructor(private readonly work: string, private readonly db: ChildDatabase, private readonly go: GoPrograms, private readonly project: Project,
    private readonly moduleCacheFilled = false) {}

  /** One cold run of ours in `home`, which fills its cache. */
  cold(home: UserHome, endpoint: Endpoint): Promise<Sample> {
    return this.check(home, endpoint, 'cold');
  }

  /** `runs` cold runs of the Go baseline and of ours, alternating, each ours in a fresh home. */
  async coldPairs(endpoint: Endpoint, runs: number): Promise<ColdPairs> {
    const ours: Sample[] = [];
    const go: Sample[] = [];
    let lastHome: UserHome | undefined;
    for (let i = 0; i < runs; i++) {
      go.push(await this.baseline(new UserHome(this.work), endpoint));
      lastHome = new UserHome(this.work);
      ours.push(await this.check(lastHome, endpoint, 'cold'));
    }
    return { ours, go, lastHome: lastHome! };
  }

  /** `runs` warm checks in `home` (its cache filled by a cold run), each after a `--version` run. */
  async warm(home: UserHome, endpoint: Endpoint, runs: number): Promise<{ warm: Sample[]; version: Sample[] }> {
    const warm: Sample[] = [];
    const version: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      version.push(await this.measure(() => timedRun(process.execPath, [DIST_CLI, '--version'], { env: home.env(this.address(endpoint), endpoint.caFile) }), (r) => this.expectVersion(r)));
      warm.push(await this.check(home, endpoint, 'warm'));
    }
    return { warm, version };
  }

  private address(endpoint: Endpoint): { verifierKey: string; url: string } {
    return { verifierKey: this.db.verifierKey, url: endpoint.url };
  }

  private check(home: UserHome, endpoint: Endpoint, what: string): Promise<Sample> {
    const env = home.env(this.address(endpoint), endpoint.caFile);
    return this.measure(() => timedRun(process.execPath, [DIST_CLI, 'check', '--json', this.project.dir], { env }), (r) => this.expectAllVerified(`${what} check`, r));
  }

  private baseline(home: UserHome, endpoint: Endpoint, goCache = false): Promise<Sample> {
    const env = home.env(this.address(endpoint), endpoint.caFile);
    const args = ['-k', this.db.verifierKey, '-u', endpoint.url, ...(goCache ? ['-gocache'] : []), this.project.goSumPath];
    return this.measure(() => timedRun(this.go.baseline, args, { env }), (r) => this.expectGoVerified(r));
  }

  /** Go's client (the baseline) looks every line up in `home` and leaves its sumdb cache where the go command would. */
  async fillGoSumdbCache(home: UserHome, endpoint: Endpoint): Promise<void> {
    await this.baseline(home, endpoint, true);
  }

  /** Runs `run` with the database's counts around it, and checks its answer with `expect`. */
  private async measure(run: () => Promise<TimedRun>, expect: (r: TimedRun) => void): Promise<Sample> {
    const before = await this.db.stats();
    const r = await run();
    const s = statsBetween(before, await this.db.stats());
    expect(r);
    return { ms: r.ms, peakRssMB: r.peakRssMB, requests: s.requests, http2: s.http2, connections: s.connections };
  }

  private expectAllVerified(what: string, r: TimedRun): void {
    let summary: { lines?: number; verified?: number } = {};
    let matched = 0;
    try {
      const out = JSON.parse(r.stdout) as { summary: typeof summary; lines: { moduleCache?: string }[] };
      summary = out.summary;
      matched = out.lines.filter((l) => l.moduleCache === 'matches').length;
    } catch { /* reported below */ }
    if (r.code !== 0 || summary.lines !== this.project.lines || summary.verified !== this.project.lines) {
      this.problems.push(`${what}: exit ${r.code}, summary ${JSON.stringify(summary)}, expected ${this.project.lines} lines verified; stderr: ${r.stderr.slice(0, 400)}`);
    }
    if (this.moduleCacheFilled && matched !== this.project.lines) {
      this.problems.push(`${what}: ${matched} lines match the module cache, expected ${this.project.lines}`);
    }
  }

  private expectGoVerified(r: TimedRun): void {
    let out: { lines?: number; verified?: number } = {};
    try {
      out = JSON.parse(r.stdout) as typeof out;
    } catch { /* reported below */ }
    if (r.code !== 0 || out.lines !== this.project.lines || out.verified !== this.project.lines) {
      this.problems.push(`Go baseline: exit ${r.code}, ${r.stdout.trim()}; stderr: ${r.stderr.slice(0, 400)}`);
    }
  }

  private expectVersion(r: TimedRun): void {
    if (r.code !== 0 || !/\d+\.\d+\.\d+/.test(r.stdout)) this.problems.push(`--version: exit ${r.code}, said ${JSON.stringify(r.stdout.slice(0, 100))}`);
  }
}
