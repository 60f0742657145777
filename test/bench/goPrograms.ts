// Owns: the bench's two Go programs — the checksum database (sumdb-server/) and the Go baseline
// (gosumcheck-equivalent/) — built with test/support/goBuild.ts. Test tooling only.
import * as path from 'node:path';
import { MissingToolError, buildGoProgram, goWithXMod } from '../support/goBuild';

export { MissingToolError };

export interface GoPrograms {
  /** `go version`'s answer. */
  goVersion: string;
  database: string;
  baseline: string;
}

/** Builds both programs into `dir`; a MissingToolError says what to install. */
export function buildGoPrograms(dir: string): GoPrograms {
  const goVersion = goWithXMod();
  const database = path.join(dir, 'sumdb-server');
  const baseline = path.join(dir, 'gosumcheck-equivalent');
  buildGoProgram('test/bench/sumdb-server', database);
  buildGoProgram('test/bench/gosumcheck-equivalent', baseline);
  return { goVersion, database, baseline };
}
