// Owns: an open go.work's diagnostics: Go's refusals of its directives (parse/gowork.ts) and, once it parses, of
// the directories it uses (goenv/workspaceModules.ts: one used twice, one without a go.mod) and, once every used
// go.mod loads, of its modules (goenv/mainModules.ts: a go version above go.work's, their replacements), each at
// the go.work line it is about, in the go command's words: every go command in that workspace stops there.
// Must never: throw on any text or file system, or import vscode.
import path = require('node:path');
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { parseGoWork } from '../parse/gowork';
import { workspaceModules } from '../goenv/workspaceModules';
import { loadedModules, mainModuleRefusals } from '../goenv/mainModules';
import { toDiagnostic } from '../problems/validate';
import { isRegularFile } from '../shared/smallFile';
import type { UsedGoMods } from './usedGoMods';

/** `usedGoMods`: the facts of the used go.mod files, kept by the server from one edit to the next. */
export function goWorkDiagnostics(uri: string, text: string, usedGoMods: UsedGoMods): Diagnostic[] {
  const work = parseGoWork(text);
  const diagnostics = work.problems.map((p) => toDiagnostic(p, uri));
  if (work.problems.some((p) => p.severity === 'error') || !uri.startsWith('file:')) return diagnostics;
  const dir = path.dirname(fileURLToPath(uri));
  const { mainModules, refusals } = workspaceModules(dir, work.uses, (dir) => isRegularFile(path.join(dir, 'go.mod')));
  diagnostics.push(...refusals.map((r) => toDiagnostic({ range: r.use.range, severity: 'error', code: 'gowork.use', message: r.message }, uri)));
  if (refusals.length > 0) return diagnostics;
  const loaded = loadedModules(mainModules, (dir) => usedGoMods.factsOf(dir));
  const refused = loaded ? mainModuleRefusals({ dir, ...work }, loaded) : [];
  return diagnostics.concat(refused.map((r) => toDiagnostic({ range: r.range, severity: 'error', code: 'gowork.mainModules', message: r.message }, uri)));
}
