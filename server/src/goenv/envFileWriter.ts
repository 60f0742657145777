// Writes the go env file atomically (temp file + rename), keeping the file's mode, and refuses to edit a
// file whose bytes would not survive the round trip. The only place goenv writes to disk; no vscode.
import { promises as fs } from 'node:fs';
import { writeAtomic } from '../shared/atomicFile';
import { setVar, unsetVar } from '../shared/envFile';

export class EnvFileWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvFileWriteError';
  }
}

/** Replaces `path` with `text` in one step, keeping its mode; a reader sees the old file or the new one, never half. */
export async function writeEnvFileAtomic(path: string, text: string): Promise<void> {
  await writeAtomic(path, Buffer.from(text, 'utf8'), { mode: 0o666, keepMode: true, sync: true });
}

/**
 * Applies a lint fix's variables to the env file ('' unsets, as `go env -u`). Refuses files that are not
 * valid UTF-8, since rewriting them would change bytes we do not own.
 */
export async function applyToEnvFile(path: string, changes: Record<string, string>): Promise<string> {
  let text = '';
  try {
    const raw = await fs.readFile(path);
    text = raw.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(raw)) throw new EnvFileWriteError(`${path}: not valid UTF-8; not editing it`);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
  for (const [name, value] of Object.entries(changes)) text = value === '' ? unsetVar(text, name) : setVar(text, name, value);
  await writeEnvFileAtomic(path, text);
  return text;
}
