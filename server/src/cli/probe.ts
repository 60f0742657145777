// Seam for `gosum-doctor probe`: delegates to the probe command (cli/probeCommand.ts).
import { runProbeCommand, type CliOutput } from './probeCommand';

export type { CliOutput } from './probeCommand';

export async function runProbe(target: string, json: boolean, io: CliOutput, go = true, env: NodeJS.ProcessEnv = process.env,
  locale?: string): Promise<number> {
  return runProbeCommand(target, json, io, env, { go, locale });
}
