// Owns: an open go.work's diagnostics: Go's refusals of its directives (parse/gowork.ts) and, once it parses, of
// the directories it uses (goenv/workspaceModules.ts: one used twice, one without a go.mod) and then of their go.mod
// files and modules (goenv/mainModules.ts: one Go cannot load, a go version above go.work's, replacements), each at
// the go.work line it is about, in the go command's words: every go command in that workspace stops there.
// Must never: throw on any text or file system, or import vscode.
import path = require('node:path');
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { parseGoWork } from '../parse/gowork';
import { workspaceModules } from '../goenv/workspaceModules';
import { workspaceRefusals, type WorkspaceRefusalAt } from '../goenv/mainModules';
import { tooNewProblemAt, toDiagnostic } from '../problems/validate';
import { isRegularFile } from '../shared/smallFile';
import type { UsedGoMods } from './usedGoMods';
import { fileDirectory } from './siblings';
import type { GoCommandFacts } from '../goenv/toolchainSelect';

const REFUSAL_CODES = { use: 'gowork.use', goMod: 'gowork.usedGoMod', modules: 'gowork.mainModules' } as const;

/**
 * `usedGoMods`: what the used go.mod files make, kept by the server from one edit to the next; `goCommand`: the local
 * go command, whose release's grammar the files are read by (parseGoMod) and whose toolchain may be too old;
 * `locale`: the fixes' titles.
 */
export function goWorkDiagnostics(uri: string, text: string, usedGoMods: UsedGoMods, goCommand: GoCommandFacts = {}, locale?: string): Diagnostic[] {
  const { release } = goCommand;
  const work = parseGoWork(text, release);
  const diagnostics = work.problems.map((p) => toDiagnostic(p, uri));
  const dir = fileDirectory(uri);
  if (work.problems.some((p) => p.severity === 'error') || dir === undefined) return diagnostics;
  // ReadWorkFile stops at a go line above the toolchain that runs, before it looks at any use.
  const tooNew = work.goRange && tooNewProblemAt(work.goRange, 'go.work', work.goVersion, work.toolchain, goCommand);
  if (tooNew) return diagnostics.concat(toDiagnostic(tooNew, uri, locale));
  const ws = workspaceModules(dir, work.uses, (used) => isRegularFile(path.join(used, 'go.mod')));
  const refused = workspaceRefusals(ws, { dir, ...work, release }, (used) => usedGoMods.loadOf(used, release));
  return diagnostics.concat(refused.map((r) => refusalDiagnostic(r, uri)));
}

/** A refusal at its go.work line; one about a used go.mod points to the place in it Go names (a link in the editor). */
function refusalDiagnostic(r: WorkspaceRefusalAt, uri: string): Diagnostic {
  const d = toDiagnostic({ range: r.range, severity: 'error', code: REFUSAL_CODES[r.of], message: r.message }, uri);
  if (r.inGoMod) {
    const goMod = pathToFileURL(path.join(r.inGoMod.dir, 'go.mod')).toString();
    d.relatedInformation = [{ location: { uri: goMod, range: r.inGoMod.range }, message: r.inGoMod.message }];
  }
  return d;
}
