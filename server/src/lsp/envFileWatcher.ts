// Owns: noticing that a go env file changed on disk (`go env -w`, an editor, a quick fix). The file lives
// outside the workspace, so the client's watchers do not see it: we watch its directory (editors replace files
// by renaming), one watcher per file, debounced.
// Must never: keep the process alive (watchers are not persistent, timers unref'd), throw (a watch that cannot
// start is retried the next time the file is named), or read the file (the caller re-resolves).
import { watch, type FSWatcher } from 'node:fs';
import path = require('node:path');

export class EnvFileWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly onChange: (file: string) => void, private readonly delayMs = 100) {}

  /** Starts watching `file` unless it is watched already. */
  watch(file: string): void {
    if (this.watchers.has(file)) return;
    const base = path.basename(file);
    try {
      const w = watch(path.dirname(file), { persistent: false }, (_event, name) => {
        if (name !== null && name.toString() !== base) return;
        this.changed(file);
      });
      w.on('error', () => {
        w.close();
        this.watchers.delete(file);
      });
      this.watchers.set(file, w);
    } catch {
      // The directory does not exist (yet): nothing to watch until the file is named again.
    }
  }

  private changed(file: string): void {
    const pending = this.timers.get(file);
    if (pending) clearTimeout(pending);
    const t = setTimeout(() => {
      this.timers.delete(file);
      this.onChange(file);
    }, this.delayMs);
    t.unref();
    this.timers.set(file, t);
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.close();
    for (const t of this.timers.values()) clearTimeout(t);
    this.watchers.clear();
    this.timers.clear();
  }
}
