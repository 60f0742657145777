// What a VS Code run tells its tests about the world it set up (test/vscode/runs.ts): the test database's
// name, URL and tree size, which go.sum line was tampered... Passed through GOSUM_DOCTOR_FACTS as JSON, since
// the tests run in the extension host and the servers in the runner. No vscode import: both sides use it.

export interface RunFacts {
  /** The checksum database GOSUMDB names (served on 127.0.0.1, or a server standing in for one). */
  database?: { name: string; url: string; treeSize?: number };
  /** The tampered go.sum line: 0-based number, its text, and the real line the database holds. */
  tampered?: { line: number; text: string; real: string };
  /** A go.sum line for a module the database does not know, and the GONOSUMDB prefix its quick fix adds. */
  unknownLine?: { text: string; prefix: string };
  /** The go env file's contents as the run wrote them. */
  goEnvFile?: string;
  /** The GOSUMDB value the run configured (misconfigured runs). */
  gosumdb?: string;
  /** Where the Go extension's stand-in is registered relative to us, if the run has it (runs.ts). */
  goExtension?: 'before-us' | 'after-us';
}

export const FACTS_VARIABLE = 'GOSUM_DOCTOR_FACTS';

/** The facts of the current run (inside the extension host). */
export function runFacts(): RunFacts {
  const raw = process.env[FACTS_VARIABLE];
  if (!raw) throw new Error(`${FACTS_VARIABLE} is not set: run the VS Code tests through test/vscode/runTest.mjs`);
  return JSON.parse(raw) as RunFacts;
}
