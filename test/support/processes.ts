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
