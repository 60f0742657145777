// Finds the go.mod/go.sum beside a document: the open editor's text when the sibling is open (unsaved edits
// count), else the file on disk; and whether a go.work puts it in workspace mode. With usedGoMods.ts (the go.mod
// files a go.work uses), the only place the server reads these files; size-capped, never throws.

import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path = require('node:path');
import { goSumFileName, goWorkFile } from '../goenv/workspace';
import { isRegularFile } from '../shared/smallFile';

/** Larger siblings are ignored rather than read: a go.sum this big is not something we can help with. */
export const MAX_SIBLING_BYTES = 64 * 1024 * 1024;

/** Open documents by URI, as the server's document manager knows them. */
export interface OpenTexts {
  get(uri: string): { getText(): string } | undefined;
}

export function siblingUri(uri: string, name: 'go.mod' | 'go.sum'): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const file = fileURLToPath(uri);
    return pathToFileURL(path.join(path.dirname(file), name)).toString();
  } catch {
    return undefined;
  }
}

/** Text of the sibling, '' when it does not exist on disk, undefined when it cannot be known. */
export async function readSibling(uri: string, name: 'go.mod' | 'go.sum', open: OpenTexts): Promise<string | undefined> {
  const target = siblingUri(uri, name);
  if (!target) return undefined;
  const doc = open.get(target) ?? findOpenByPath(open, target);
  if (doc) return doc.getText();
  const file = fileURLToPath(target);
  try {
    const st = await stat(file);
    if (!st.isFile() || st.size > MAX_SIBLING_BYTES) return undefined;
    return await readFile(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? '' : undefined;
  }
}

// Clients may encode URIs differently (e.g. "%3A" for a drive colon); compare decoded paths as a fallback.
function findOpenByPath(open: OpenTexts, target: string): { getText(): string } | undefined {
  const all = (open as { all?: () => { uri: string; getText(): string }[] }).all?.() ?? [];
  const want = fileURLToPath(target);
  for (const d of all) {
    try {
      if (d.uri.startsWith('file:') && fileURLToPath(d.uri) === want) return d;
    } catch { /* not a file URI */ }
  }
  return undefined;
}

/** The directory of the file a file: URI names; undefined for any other URI (or one no path can be made of). */
export function fileDirectory(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.dirname(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/** Whether the go command runs in workspace mode beside this document (goenv/workspace.ts) with this GOWORK. */
export async function inGoWorkspace(uri: string, gowork: string | undefined): Promise<boolean> {
  const dir = fileDirectory(uri);
  return dir !== undefined && goWorkFile(dir, gowork, isRegularFile) !== undefined;
}

/** How the go command names this go.sum or go.work.sum in a checksum mismatch (AuditOptions.sumFile). */
export async function sumFileOf(uri: string, gowork: string | undefined): Promise<string | undefined> {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return goSumFileName(fileURLToPath(uri), await inGoWorkspace(uri, gowork));
  } catch {
    return undefined;
  }
}
