// Seam for `gosum-doctor demo`: a later issue starts a local checksum database and audits the example module.

import type { CliOutput } from './probe';

export async function runDemo(io: CliOutput): Promise<number> {
  io.err('gosum-doctor demo: not yet available in this build; try: gosum-doctor check test/fixtures/example\n');
  return 2;
}
