// Test helper: whether a process still runs, for tests that prove a cancelled go command left nothing behind.
import { existsSync, readFileSync } from 'node:fs';

/** Alive and not a zombie waiting to be reaped (a zombie runs nothing). */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * Whether the process dies within `ms`: a SIGKILL is queued when kill() returns, but on a busy machine the
 * process may not have run to die yet. Polls for the death itself; a process that keeps running fails.
 */
export async function dies(pid: number, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (running(pid)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

/**
 * The pid a script writes to `file` (`echo $! > file`), once the line is whole: the shell creates the file before
 * echo writes into it, and an empty read would give pid 0, which kill(0, 0) always finds running (our own group).
 */
export async function pidWrittenTo(file: string): Promise<number> {
  const line = () => (existsSync(file) ? /^([0-9]+)\n$/.exec(readFileSync(file, 'utf8'))?.[1] : undefined);
  for (let i = 0; i < 1000 && line() === undefined; i++) await new Promise((r) => setTimeout(r, 20));
  const pid = Number(line());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`${file} never got a pid`);
  return pid;
}
