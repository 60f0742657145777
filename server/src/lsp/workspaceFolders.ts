// Owns: the workspace folders and which one a document belongs to (the deepest folder that contains it; a
// document in no folder belongs to its own directory), with one FolderSession per folder, created on first use.
// Must never: read settings or files, or create a session for a URI that is not a file.
import path = require('node:path');
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FolderSession } from './folderSession';
import type { Folder } from './workspaceEnv';

function folderOfUri(uri: string): Folder | undefined {
  try {
    return { uri, path: fileURLToPath(uri) };
  } catch {
    return undefined;
  }
}

function contains(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export class WorkspaceFolders {
  private folders: Folder[] = [];
  private readonly sessions = new Map<string, FolderSession>();

  constructor(private readonly create: (folder: Folder) => FolderSession) {}

  /** Adds and removes workspace folders; returns the sessions of removed folders (to dispose). */
  change(added: readonly { uri: string }[], removed: readonly { uri: string }[]): FolderSession[] {
    const gone: FolderSession[] = [];
    for (const r of removed) {
      this.folders = this.folders.filter((f) => f.uri !== r.uri);
      const s = this.sessions.get(r.uri);
      if (s) {
        this.sessions.delete(r.uri);
        gone.push(s);
      }
    }
    for (const a of added) {
      const f = folderOfUri(a.uri);
      if (f && !this.folders.some((x) => x.uri === f.uri)) this.folders.push(f);
    }
    return gone;
  }

  /** The sessions of the workspace folders (created now if needed), in order. */
  workspaceSessions(): FolderSession[] {
    return this.folders.map((f) => this.sessionOf(f));
  }

  /** Every session created so far. */
  all(): FolderSession[] {
    return [...this.sessions.values()];
  }

  folderOf(documentUri: string): Folder | undefined {
    let file: string;
    try {
      file = fileURLToPath(documentUri);
    } catch {
      return undefined;
    }
    let best: Folder | undefined;
    for (const f of this.folders) if (contains(f.path, file) && (!best || f.path.length > best.path.length)) best = f;
    if (best) return best;
    const dir = path.dirname(file);
    return { uri: pathToFileURL(dir).toString(), path: dir };
  }

  /** The session of the folder a document belongs to; undefined for a URI that is not a file. */
  sessionFor(documentUri: string): FolderSession | undefined {
    const f = this.folderOf(documentUri);
    return f ? this.sessionOf(f) : undefined;
  }

  private sessionOf(folder: Folder): FolderSession {
    let s = this.sessions.get(folder.uri);
    if (!s) {
      s = this.create(folder);
      this.sessions.set(folder.uri, s);
    }
    return s;
  }
}
