// Owns: an open go.work's diagnostics: Go's refusals of its directives (parse/gowork.ts) and, once it parses, of
// the directories it uses (goenv/workspaceModules.ts: one used twice, one without a go.mod) and, once every used
// go.mod loads, of its modules and their replacements (makeMainModules), each at the go.work line it is about, in
// the go command's words: every go command in that workspace stops there.
// Must never: throw on any text or file system, or import vscode.
import path = require('node:path');
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { parseGoWork } from '../parse/gowork';
import { loadedModules, mainModuleRefusals, workspaceModules } from '../goenv/workspaceModules';
import { toDiagnostic } from '../problems/validate';
import { isRegularFile } from '../shared/smallFile';
import { usedGoModText } from './siblings';

export function goWorkDiagnostics(uri: string, text: string): Diagnostic[] {
  const work = parseGoWork(text);
  const diagnostics = work.problems.map((p) => toDiagnostic(p, uri));
  if (work.problems.some((p) => p.severity === 'error') || !uri.startsWith('file:')) return diagnostics;
  const { mainModules, refusals } = workspaceModules(path.dirname(fileURLToPath(uri)), work.uses, (dir) => isRegularFile(path.join(dir, 'go.mod')));
  diagnostics.push(...refusals.map((r) => toDiagnostic({ range: r.use.range, severity: 'error', code: 'gowork.use', message: r.message }, uri)));
  if (refusals.length > 0) return diagnostics;
  const loaded = loadedModules(mainModules, usedGoModText);
  const refused = loaded ? mainModuleRefusals(work.replaces, loaded) : [];
  return diagnostics.concat(refused.map((r) => toDiagnostic({ range: r.range, severity: 'error', code: 'gowork.mainModules', message: r.message }, uri)));
}
