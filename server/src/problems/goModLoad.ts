// Owns: where the go command stops as it loads one go.mod (cmd/go/internal/modload, today's wording and order):
// modfile's errors (ReadModFile's "errors parsing"), then the module line ReadModFile refuses, two replacements of
// one module version (indexModFile), the module line's path (loadModFile), a tool path (makeMainModules).
// Pure: no I/O; the file's name is the caller's, so one answer serves a go.mod wherever it is.
import type { GoModParse } from '../parse/gomod';
import type { ParseProblem, Range } from '../parse/ranges';
import { checkToolPath } from '../parse/module';
import { goQuote } from '../shared/goquote';
import { replacementConflictProblem } from './replacements';

/** The first place the go command stops at a go.mod, with what it says there. */
export type GoModLoadStop =
  /** modfile's errors: Go prints them all under "errors parsing FILE:". */
  | { stage: 'parse'; errors: ParseProblem[] }
  /** ReadModFile on the module line: Go's "error reading FILE: <what>". */
  | { stage: 'read'; what: string; range: Range; code: string }
  /** indexModFile's conflicting replacements (Go stops at once), the module path's check, a tool path. */
  | { stage: 'index' | 'modulePath' | 'tool'; problem: ParseProblem };

export const MISSING_MODULE = 'missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod';

/** Where the go command stops as it loads this go.mod; undefined when it loads it. */
export function goModLoadStop(mod: GoModParse): GoModLoadStop | undefined {
  const errors = mod.problems.filter((p) => p.severity === 'error');
  const parseErrors = errors.filter((p) => !isModulePathCheck(p));
  if (parseErrors.length > 0) return { stage: 'parse', errors: parseErrors };
  if (!mod.file.module) {
    return { stage: 'read', what: MISSING_MODULE, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, code: 'gomod.missingModule' };
  }
  const { path, pathRange } = mod.file.module;
  // Today's ReadModFile also refuses the paths of Go's own toolchain modules (CheckReservedModulePath).
  if (path === 'go' || path === 'toolchain') return { stage: 'read', what: `invalid module path: ${goQuote(path)}`, range: pathRange, code: 'gomod.module' };
  const conflict = replacementConflictProblem(mod.file.replaces, 'gomod.conflictingReplace');
  if (conflict) return { stage: 'index', problem: conflict };
  const badPath = errors.find(isModulePathCheck);
  if (badPath) return { stage: 'modulePath', problem: badPath };
  for (const tool of mod.file.tools) {
    const message = checkToolPath(tool.path);
    if (message) return { stage: 'tool', problem: { range: tool.range, severity: 'error', code: 'gomod.tool', message, stage: 'load' } };
  }
  return undefined;
}

/** Whether the go command loads this go.mod without stopping (what makeMainModules then checks needs every one to). */
export function goModLoads(mod: GoModParse): boolean {
  return goModLoadStop(mod) === undefined;
}

/** modload's check of the module line's path (parse/gomod.ts reports it at the load stage). */
function isModulePathCheck(p: ParseProblem): boolean {
  return p.code === 'gomod.module' && p.stage === 'load';
}
