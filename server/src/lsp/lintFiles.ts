// Owns: which files carry setting-lint diagnostics on behalf of which workspace folder, so that a fixed lint is
// cleared (its file gets an empty list) and two folders sharing one go env file do not erase each other's.
// Must never: do I/O or publish by itself; it returns what to publish.
import type { Diagnostic } from 'vscode-languageserver';

export class LintFiles {
  private readonly byFolder = new Map<string, Map<string, Diagnostic[]>>();

  /** Replaces a folder's lint diagnostics; returns every file whose published list changes, with its new list. */
  set(folder: string, diagnostics: ReadonlyMap<string, Diagnostic[]>): { uri: string; diagnostics: Diagnostic[] }[] {
    const before = this.byFolder.get(folder);
    const touched = new Set<string>([...(before?.keys() ?? []), ...diagnostics.keys()]);
    const previous = new Map([...touched].map((uri) => [uri, JSON.stringify(this.merged(uri))]));
    if (diagnostics.size === 0) this.byFolder.delete(folder);
    else this.byFolder.set(folder, new Map(diagnostics));
    const out: { uri: string; diagnostics: Diagnostic[] }[] = [];
    for (const uri of touched) {
      const now = this.merged(uri);
      if (JSON.stringify(now) !== previous.get(uri)) out.push({ uri, diagnostics: now });
    }
    return out;
  }

  /** Every folder's diagnostics for one file, without duplicates. */
  private merged(uri: string): Diagnostic[] {
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const files of this.byFolder.values()) {
      for (const d of files.get(uri) ?? []) {
        const key = JSON.stringify(d);
        if (!seen.has(key)) {
          seen.add(key);
          out.push(d);
        }
      }
    }
    return out;
  }
}
