// Owns: bounding the client's memo tables (Maps kept in insertion order, so the first key is the oldest).
// Must never: do I/O or import vscode.

/** Keeps a Map to at most `max` entries, dropping the oldest. */
export function trimOldest<K, V>(m: Map<K, V>, max: number): void {
  while (m.size > max) {
    const oldest = m.keys().next();
    if (oldest.done) return;
    m.delete(oldest.value);
  }
}
