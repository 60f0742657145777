// Seam for `gosum-doctor probe`: the probe engine plugs in here. Until then it says so and exits 2.

export interface CliOutput { out(text: string): void; err(text: string): void }

export async function runProbe(_target: string, _json: boolean, io: CliOutput): Promise<number> {
  io.err('gosum-doctor probe: not yet available in this build\n');
  return 2;
}
