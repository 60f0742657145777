// Owns: what the go command refuses of a workspace's main modules once go.work and every used go.mod load: first
// (today's Go, loadModFile) a module whose go version is above go.work's, then what makeMainModules refuses of the
// modules and their replacements; and the whole of Go's refusal of a workspace (its uses first: workspaceModules.ts).
// Pure: the caller reads the go.mod files.
import path = require('node:path');
import { parseGoMod, type GoModReplace } from '../parse/gomod';
import type { Range } from '../parse/ranges';
import { compareGoVersions, DEFAULT_GO_MOD_VERSION, DEFAULT_GO_WORK_VERSION, GO_STRICT_VERSION } from '../parse/gover';
import { goModLoads } from '../problems/validate';
import { moduleVersionText, replacementConflict } from '../problems/replacements';
import type { UsedModule, WorkspaceModules } from './workspaceModules';
import { goJoin, goShortPath } from '../shared/goPaths';

/**
 * What the go command prints when it refuses a workspace whose go.work parses (its modules: workspaceModules), without
 * its "go: ": the first use it refuses, else each main-module refusal up to the first that stops it; undefined when
 * it goes on (a used go.mod that does not load is that go.mod's own problem). `factsOf` as for loadedModules.
 */
export function workspaceRefusal(ws: WorkspaceModules, work: WorkFacts, factsOf: (dir: string) => MainModuleFacts | undefined): string | undefined {
  const refused = workspaceRefusals(ws, work, factsOf);
  const stop = refused.findIndex((r) => r.stops);
  const printed = refused.slice(0, stop < 0 ? refused.length : stop + 1);
  return printed.length > 0 ? printed.map((r) => r.message).join('\n') : undefined;
}

/** One of Go's refusals of a workspace, at its go.work line: of a use (workspaceModules) or of the modules. */
export interface WorkspaceRefusalAt extends MainModuleRefusal { of: 'use' | 'modules' }

/**
 * Every refusal of a workspace whose go.work parses, in Go's order: its uses (Go stops at the first); once those pass
 * and every used go.mod loads, its main modules (mainModuleRefusals). `factsOf` as for loadedModules.
 */
export function workspaceRefusals(ws: WorkspaceModules, work: WorkFacts, factsOf: (dir: string) => MainModuleFacts | undefined): WorkspaceRefusalAt[] {
  if (ws.refusals.length > 0) return ws.refusals.map((r) => ({ message: r.message, range: r.use.range, stops: true, of: 'use' }));
  const loaded = loadedModules(ws.mainModules, factsOf);
  return (loaded ? mainModuleRefusals(work, loaded) : []).map((r) => ({ ...r, of: 'modules' }));
}

/** A main module as makeMainModules meets it: its directory and use, and its go.mod's module path and replacements. */
export interface LoadedModule extends UsedModule, MainModuleFacts {}

/** What loadModFile and makeMainModules need of a used go.mod: its module path, go version and replacements. */
export interface MainModuleFacts { path: string; goVersion: string; replaces: readonly GoModReplace[] }

/** What they need of the go.work in `dir`: its go line's version (none without one) and its replacements. */
export interface WorkFacts { dir: string; goVersion?: string; replaces: readonly GoModReplace[] }

/** A used go.mod's facts; undefined when the go command stops at it (its own problems say why). */
export function mainModuleFacts(goModText: string): MainModuleFacts | undefined {
  const mod = parseGoMod(goModText);
  if (!mod.file.module || !goModLoads(mod)) return undefined;
  return { path: mod.file.module.path, goVersion: mod.file.go?.version ?? DEFAULT_GO_MOD_VERSION, replaces: mod.file.replaces };
}

/**
 * The main modules with their go.mod facts (`factsOf(dir)`, undefined for a go.mod unread or refused); undefined
 * when one has none: the go command stops there, before makeMainModules.
 */
function loadedModules(mainModules: readonly UsedModule[], factsOf: (dir: string) => MainModuleFacts | undefined): LoadedModule[] | undefined {
  const loaded: LoadedModule[] = [];
  for (const m of mainModules) {
    const facts = factsOf(m.dir);
    if (!facts) return undefined;
    loaded.push({ ...m, ...facts });
  }
  return loaded;
}

export interface MainModuleRefusal {
  /** Go's text, without its "go: " prefix. */
  message: string;
  /** Where the fix goes: the go.work line (a use or a replace) it is about. */
  range: Range;
  /** Go stops here (a fatal error); it prints each refusal before it and goes on past those that do not stop it. */
  stops: boolean;
}

/**
 * What the go command refuses in a workspace whose go.work and used go.mod files all load, in its order. First
 * (today's Go, loadModFile) each module whose go version is above go.work's, from 1.21 on: Go names them all, then
 * stops. Then makeMainModules: go.work replacing one module version two ways (stops); a module path used twice
 * (today's Go; Go 1.19 said nothing); go.work replacing a workspace module at all versions; two modules replacing
 * one module version differently (stops; a relative directory joined to its module's, as Go compares them). A
 * go.mod replacement of a path that go.work replaces does not count.
 */
export function mainModuleRefusals(work: WorkFacts, modules: readonly LoadedModule[]): MainModuleRefusal[] {
  const tooNew = modules.filter((m) => needsNewerWorkspace(work, m));
  if (tooNew.length > 0) return tooNew.map((m, i) => ({ message: workTooOld(work, m), range: m.use.range, stops: i === tooNew.length - 1 }));
  const own = replacementConflict(work.replaces);
  if (own) return [{ message: own.message, range: own.later.range, stops: true }];
  const refusals: MainModuleRefusal[] = [];
  const paths = new Set<string>();
  for (const m of modules) {
    if (paths.has(m.path)) refusals.push({ message: `module ${m.path} appears multiple times in workspace`, range: m.use.range, stops: false });
    paths.add(m.path);
  }
  for (const r of work.replaces) {
    if (!paths.has(r.oldPath) || r.oldVersion !== '') continue;
    refusals.push({ message: `workspace module ${r.oldPath} is replaced at all versions in the go.work file. To fix, remove the replacement from the go.work file or specify the version at which to replace the module.`, range: r.range, stops: false });
  }
  const crossing = crossModuleConflict(new Set(work.replaces.map((r) => r.oldPath)), modules);
  return crossing ? refusals.concat(crossing) : refusals;
}

/** Whether the module's go version is one go.work must list at least (loadModFile: from GoStrictVersion on). */
function needsNewerWorkspace(work: WorkFacts, m: LoadedModule): boolean {
  const workVersion = work.goVersion ?? DEFAULT_GO_WORK_VERSION;
  return compareGoVersions(m.goVersion, workVersion) > 0 && compareGoVersions(m.goVersion, GO_STRICT_VERSION) >= 0;
}

/** modload's errWorkTooOld: the module named by base.ShortPath of its directory. */
function workTooOld(work: WorkFacts, m: LoadedModule): string {
  const listed = work.goVersion === undefined ? `implicitly requires go ${DEFAULT_GO_WORK_VERSION}` : `lists go ${work.goVersion}`;
  return `module ${goShortPath(work.dir, m.dir)} listed in go.work file requires go >= ${m.goVersion}, but go.work ${listed}; to update it:\n\tgo work use`;
}

/** The first replacement a module makes of a module version that an earlier module replaced otherwise. */
function crossModuleConflict(replacedByWork: ReadonlySet<string>, modules: readonly LoadedModule[]): MainModuleRefusal | undefined {
  const replacements = new Map<string, { path: string; version: string }>();
  for (const m of modules) {
    const mine = new Set<string>();
    for (const r of m.replaces) {
      if (replacedByWork.has(r.oldPath)) continue;
      const key = `${r.oldPath}\0${r.oldVersion}`;
      // Relative directories name different places from different modules: Go compares them joined to each.
      const target = { path: r.newVersion === '' && !path.isAbsolute(r.newPath) ? goJoin(m.dir, r.newPath) : r.newPath, version: r.newVersion };
      const prev = replacements.get(key);
      if (prev !== undefined && !mine.has(key) && (prev.path !== target.path || prev.version !== target.version)) {
        const old = moduleVersionText(r.oldPath, r.oldVersion);
        const both = `${moduleVersionText(prev.path, prev.version)}\n\t${moduleVersionText(target.path, target.version)}`;
        return { message: `conflicting replacements for ${old}:\n\t${both}\nuse "go work edit -replace ${old}=[override]" to resolve`, range: m.use.range, stops: true };
      }
      mine.add(key);
      replacements.set(key, target);
    }
  }
  return undefined;
}
