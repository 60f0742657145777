// Owns: the audit's vocabulary — the status every go.sum line ends up with, the verdict for one line, the
// result of one audit run, and the counts and exit code derived from them.
// Must never: do I/O, import vscode, or hold state.

/** One status per go.sum line. */
export type LineStatus =
  | 'verified'        // the database holds exactly this line, proven in a tree consistent with the last one seen
  | 'mismatch'        // the database holds another hash for the same "module version[/go.mod] h1:" prefix
  | 'not-found'       // the database does not know the version (404/410), or its record has no line of this kind
  | 'private'         // matches GONOSUMDB/GOPRIVATE: never sent anywhere
  | 'disabled'        // GOSUMDB=off
  | 'unverifiable'    // the database could not be asked and the local caches cannot prove the line
  | 'malformed'       // Go refuses or ignores the line
  | 'security-error'  // the database lied or forked
  | 'ignored';        // Go drops the line unread: the hash of an empty go.mod an old go command wrote by mistake

export const LINE_STATUSES: readonly LineStatus[] = [
  'verified', 'mismatch', 'not-found', 'private', 'disabled', 'unverifiable', 'malformed', 'security-error', 'ignored',
];

/** Why the database could not be used at all (the diagnosis module's scenarios). */
export type Scenario = 'blocked' | 'tls-intercepted' | 'misconfigured' | 'disagreement';

/** How the go.sum line compares with the module cache, the way `go mod verify` / a build would see it. */
export type ModuleCacheState = 'matches' | 'differs' | 'absent';

export interface LineVerdict {
  /** 0-based line in the go.sum. */
  line: number;
  module: string;
  /** Without "/go.mod". */
  version: string;
  kind: 'zip' | 'go.mod';
  status: LineStatus;
  /** The go.sum hash field ('' for lines too malformed to have one). */
  goSum: string;
  /** The hash the database holds for this line, when it holds one. */
  database?: string;
  /** What to tell the user; Go's words where Go has them. */
  message: string;
  /** Record id and tree size the verdict rests on, when the database answered. */
  record?: { id: number; treeSize: number };
  /** Comparison with the module cache, when it was looked at. */
  moduleCache?: ModuleCacheState;
  /** For 'differs': the go command's own mismatch text. */
  moduleCacheMessage?: string;
  /**
   * The line go reads instead of this one (GoSumLine.shadowedBy): go never reads this one, nor compares it with the
   * module cache. A mismatch's message names that line, so such a verdict is judged afresh on every run, never
   * carried to another line or run.
   */
  shadowedBy?: number;
  /** How a mismatch's message names the file when that is not "go.sum" (AuditOptions.sumFile). */
  sumFile?: string;
}

export interface DatabaseInfo {
  name: string;
  /** Where reads go ('' offline or when unknown). */
  url: string;
  via: 'direct' | 'proxy' | 'url' | 'off' | 'none' | 'offline';
  /** Size of the newest tree proven (0 when none). */
  treeSize: number;
}

/** The one problem that kept the database from being asked, for one diagnostic at the top of the file. */
export interface ScenarioReport {
  scenario: Scenario;
  title: string;
  explanation: string;
  /** The go command's error text the user most likely saw. */
  goError?: string;
}

export interface AuditResult {
  database: DatabaseInfo | null;
  /** One per go.sum line (well-formed and malformed), ordered by line. */
  verdicts: LineVerdict[];
  summary: Record<LineStatus, number>;
  scenario: ScenarioReport | null;
  /** Go's full SECURITY ERROR report, when the database was caught lying. */
  securityReport?: string;
  /** Counted for tests and benchmarks: module versions actually looked up (not answered from the verdict cache). */
  lookups: number;
  offline: boolean;
}

/** The verdicts counted by status, every status present (in LINE_STATUSES order). */
export function summarize(verdicts: readonly LineVerdict[]): Record<LineStatus, number> {
  const counts = Object.fromEntries(LINE_STATUSES.map((s) => [s, 0])) as Record<LineStatus, number>;
  for (let i = 0; i < verdicts.length; i++) counts[verdicts[i].status]++;
  return counts;
}

const PROBLEMS: ReadonlySet<LineStatus> = new Set(['mismatch', 'not-found', 'malformed', 'security-error']);

/** CLI exit code: 0 all verified/private/disabled/ignored; 1 any problem; 2 some lines could not be checked. */
export function exitCodeForVerdicts(verdicts: readonly LineVerdict[], scenario: ScenarioReport | null): 0 | 1 | 2 {
  if (verdicts.some((v) => PROBLEMS.has(v.status) || v.moduleCache === 'differs')) return 1;
  if (verdicts.some((v) => v.status === 'unverifiable')) return 2;
  if (scenario && verdicts.length === 0) return 2;
  return 0;
}

export function isProblem(status: LineStatus): boolean {
  return PROBLEMS.has(status);
}
