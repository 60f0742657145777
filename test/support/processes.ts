// Test helper: whether a process still runs, for tests that prove a cancelled go command left nothing behind.
import { readFileSync } from 'node:fs';

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
