// Owns: what the go command refuses of a workspace's main modules once go.work parses and its uses pass (those:
// workspaceModules.ts): first what loadModFile refuses of each used go.mod (one it cannot load, today's go version
// rule, a module path), then what makeMainModules refuses of the modules and their replacements; and the whole of
// Go's refusal of a workspace, in its order. Pure: the caller reads the go.mod files.
import path = require('node:path');
import { parseGoMod, type GoModReplace } from '../parse/gomod';
import { goErrorPosition, type Range } from '../parse/ranges';
import { compareGoVersions, DEFAULT_GO_MOD_VERSION, DEFAULT_GO_WORK_VERSION, GO_STRICT_VERSION, refusesRepeatedModulePaths, switchesToolchains } from '../parse/gover';
import { goModLoadStop } from '../problems/goModLoad';
import { moduleVersionText, replacementConflict } from '../problems/replacements';
import type { UsedModule, WorkspaceModules } from './workspaceModules';
import { goJoin, goShortPath } from '../shared/goPaths';

/**
 * What the go command prints when it refuses a workspace whose go.work parses (its modules: workspaceModules), without
 * its "go: ": the first use it refuses, else each main-module refusal up to the first that stops it; undefined when
 * it goes on, or stops at a used go.mod (that go.mod's own problem, reported in it). `loadOf` as for workspaceRefusals.
 */
export function workspaceRefusal(ws: WorkspaceModules, work: WorkFacts, loadOf: (dir: string) => UsedGoModLoad | undefined): string | undefined {
  const refused = workspaceRefusals(ws, work, loadOf);
  if (refused.some((r) => r.of === 'goMod')) return undefined;
  const stop = refused.findIndex((r) => r.stops);
  const printed = refused.slice(0, stop < 0 ? refused.length : stop + 1);
  return printed.length > 0 ? printed.map((r) => r.message).join('\n') : undefined;
}

/**
 * One of Go's refusals of a workspace, at its go.work line: of a use (workspaceModules), a used go.mod, or the
 * modules; `inGoMod`: for a used go.mod's, the place in it that Go names (its directory, the range, what is there).
 */
export interface WorkspaceRefusalAt extends MainModuleRefusal {
  of: 'use' | 'goMod' | 'modules';
  inGoMod?: { dir: string } & GoModPlace;
}

/** A place in a go.mod (LSP range) and what the go command says of it. */
export interface GoModPlace { range: Range; message: string }

/**
 * Every refusal of a workspace whose go.work parses, in Go's order: its uses (Go stops at the first); once those pass,
 * what loadModFile refuses of each used go.mod (Go names them all), then its main modules (mainModuleRefusals).
 * `loadOf(dir)`: what dir/go.mod's text makes (usedGoModLoad); undefined when it cannot be read (then nothing past
 * the uses is said).
 */
export function workspaceRefusals(ws: WorkspaceModules, work: WorkFacts, loadOf: (dir: string) => UsedGoModLoad | undefined): WorkspaceRefusalAt[] {
  if (ws.refusals.length > 0) return ws.refusals.map((r) => ({ message: r.message, range: r.use.range, stops: true, of: 'use' }));
  const loaded = loadModFiles(work, ws.mainModules, loadOf);
  if (loaded === undefined) return [];
  return 'refusals' in loaded ? loaded.refusals : mainModuleRefusals(work, loaded.modules);
}

/** A main module as makeMainModules meets it: its directory and use, its go.mod's facts, and a tool path Go refuses. */
export interface LoadedModule extends UsedModule, MainModuleFacts { toolRefusal?: GoModPlace }

/** What loadModFile and makeMainModules need of a used go.mod Go reads: its module path, go version and replacements. */
export interface MainModuleFacts { path: string; goVersion: string; replaces: readonly GoModReplace[] }

/**
 * What they need of the go.work in `dir`: its go line's version (none without one) and its replacements; and the
 * local go command's release ($GOROOT/VERSION; unknown: today's).
 */
export interface WorkFacts { dir: string; goVersion?: string; replaces: readonly GoModReplace[]; release?: string }

/**
 * What the go command makes of one used go.mod's text, wherever go.work is (so it can be kept per file): ReadModFile's
 * refusal (modfile's errors, each "LINE[:COL]: message", or what it says of the module line), else the module's
 * facts and where loading it stops later: its own conflicting replacements, its module path, a tool path.
 */
export type UsedGoModLoad =
  | { read: ReadRefusal }
  | { facts: MainModuleFacts; stop?: { stage: 'index' | 'modulePath' | 'tool' } & GoModPlace };

/** Why ReadModFile refuses a go.mod: modfile's errors (each with Go's "LINE[:COL]"), or what it says of the module line. */
export type ReadRefusal = { parseErrors: (GoModPlace & { position: string })[] } | ({ what: string } & Pick<GoModPlace, 'range'>);

/** usedGoModLoad of a go.mod read by the go command of `release` (parseGoMod). */
export function usedGoModLoad(goModText: string, release?: string): UsedGoModLoad {
  const mod = parseGoMod(goModText, 'go.mod', release);
  const stop = goModLoadStop(mod);
  if (stop?.stage === 'parse') return { read: { parseErrors: stop.errors.map((p) => ({ position: goErrorPosition(p), range: p.range, message: p.message })) } };
  if (stop?.stage === 'read') return { read: { what: stop.what, range: stop.range } };
  const { module, go, replaces } = mod.file;
  const facts = { path: module!.path, goVersion: go?.version ?? DEFAULT_GO_MOD_VERSION, replaces };
  return stop ? { facts, stop: { stage: stop.stage, message: stop.problem.message, range: stop.problem.range } } : { facts };
}

/**
 * loadModFile over the main modules, in use order: a go.mod ReadModFile refuses, a go version above go.work's (today's
 * Go, from 1.21 on) and a module path it refuses are each collected, and Go names them all before it stops; two
 * replacements of one version in one go.mod stop it at once. Else the modules as makeMainModules meets them;
 * undefined when a go.mod cannot be read.
 */
function loadModFiles(work: WorkFacts, mainModules: readonly UsedModule[], loadOf: (dir: string) => UsedGoModLoad | undefined):
  { refusals: WorkspaceRefusalAt[] } | { modules: LoadedModule[] } | undefined {
  const refusals: WorkspaceRefusalAt[] = [];
  const modules: LoadedModule[] = [];
  for (const m of mainModules) {
    const load = loadOf(m.dir);
    if (load === undefined) return undefined;
    if ('read' in load) {
      refusals.push({ message: cannotLoad(work.dir, m.dir, load.read), range: m.use.range, stops: false, of: 'goMod', inGoMod: { dir: m.dir, ...readPlace(load.read) } });
      continue;
    }
    const module: LoadedModule = { ...m, ...load.facts, ...(load.stop?.stage === 'tool' ? { toolRefusal: { range: load.stop.range, message: load.stop.message } } : {}) };
    if (needsNewerWorkspace(work, module)) {
      refusals.push({ message: workTooOld(work, module), range: m.use.range, stops: false, of: 'modules' });
      continue;
    }
    const inGoMod = load.stop && { dir: m.dir, range: load.stop.range, message: load.stop.message };
    if (load.stop?.stage === 'index') return { refusals: [{ message: load.stop.message, range: m.use.range, stops: true, of: 'goMod', inGoMod }] };
    if (load.stop?.stage === 'modulePath') refusals.push({ message: load.stop.message, range: m.use.range, stops: false, of: 'goMod', inGoMod });
    modules.push(module);
  }
  if (refusals.length === 0) return { modules };
  refusals[refusals.length - 1].stops = true;
  return { refusals };
}

/** modload's words for a used go.mod ReadModFile refuses, paths as base.ShortPath gives them from the go.work's directory. */
function cannotLoad(workDir: string, dir: string, read: ReadRefusal): string {
  const goMod = goShortPath(workDir, path.join(dir, 'go.mod'));
  const why = 'what' in read ? `error reading ${goMod}: ${read.what}` : `errors parsing ${goMod}:\n${read.parseErrors.map((e) => `${goMod}:${e.position}: ${e.message}`).join('\n')}`;
  return `cannot load module ${goShortPath(workDir, dir)} listed in go.work file: ${why}`;
}

/** The place in the go.mod a ReadModFile refusal names: its first error, or the module line (the file's start when none). */
function readPlace(read: ReadRefusal): GoModPlace {
  if ('what' in read) return { range: read.range, message: read.what };
  return { range: read.parseErrors[0].range, message: read.parseErrors[0].message };
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
 * What makeMainModules refuses in a workspace whose go.work and used go.mod files all load, in its order: go.work
 * replacing one module version two ways (stops); a module path used twice (from Go 1.20; Go 1.19 said nothing); go.work
 * replacing a workspace module at all versions; then, module by module, two modules replacing one module version
 * differently (stops; a relative directory joined to its module's, as Go compares them; a go.mod replacement of a
 * path go.work replaces does not count) and a tool path it refuses (today's Go; stops).
 */
export function mainModuleRefusals(work: WorkFacts, modules: readonly LoadedModule[]): WorkspaceRefusalAt[] {
  const own = replacementConflict(work.replaces);
  if (own) return [{ message: own.message, range: own.later.range, stops: true, of: 'modules' }];
  const refusals: WorkspaceRefusalAt[] = [];
  const paths = new Set<string>();
  const repeatsRefused = refusesRepeatedModulePaths(work.release);
  for (const m of modules) {
    if (paths.has(m.path) && repeatsRefused) refusals.push({ message: `module ${m.path} appears multiple times in workspace`, range: m.use.range, stops: false, of: 'modules' });
    paths.add(m.path);
  }
  for (const r of work.replaces) {
    if (!paths.has(r.oldPath) || r.oldVersion !== '') continue;
    refusals.push({ message: `workspace module ${r.oldPath} is replaced at all versions in the go.work file. To fix, remove the replacement from the go.work file or specify the version at which to replace the module.`, range: r.range, stops: false, of: 'modules' });
  }
  const stop = firstModuleStop(new Set(work.replaces.map((r) => r.oldPath)), modules);
  return stop ? refusals.concat(stop) : refusals;
}

/**
 * Whether the module's go version is one go.work must list at least (loadModFile: from GoStrictVersion on, in the
 * go commands that switch toolchains; before them nothing compared the two).
 */
function needsNewerWorkspace(work: WorkFacts, m: LoadedModule): boolean {
  if (!switchesToolchains(work.release)) return false;
  const workVersion = work.goVersion ?? DEFAULT_GO_WORK_VERSION;
  return compareGoVersions(m.goVersion, workVersion) > 0 && compareGoVersions(m.goVersion, GO_STRICT_VERSION) >= 0;
}

/** modload's errWorkTooOld: the module named by base.ShortPath of its directory. */
function workTooOld(work: WorkFacts, m: LoadedModule): string {
  const listed = work.goVersion === undefined ? `implicitly requires go ${DEFAULT_GO_WORK_VERSION}` : `lists go ${work.goVersion}`;
  return `module ${goShortPath(work.dir, m.dir)} listed in go.work file requires go >= ${m.goVersion}, but go.work ${listed}; to update it:\n\tgo work use`;
}

/**
 * Where makeMainModules' pass over the modules stops: the first replacement a module makes of a module version that
 * an earlier module replaced otherwise, or a module's tool path.
 */
function firstModuleStop(replacedByWork: ReadonlySet<string>, modules: readonly LoadedModule[]): WorkspaceRefusalAt | undefined {
  const replacements = new Map<string, { path: string; version: string }>();
  for (const m of modules) {
    const conflict = replacementConflictWith(replacements, replacedByWork, m);
    if (conflict) return { message: conflict, range: m.use.range, stops: true, of: 'modules' };
    if (m.toolRefusal) return { message: m.toolRefusal.message, range: m.use.range, stops: true, of: 'goMod', inGoMod: { dir: m.dir, ...m.toolRefusal } };
  }
  return undefined;
}

/** Go's text for m's first replacement of a module version that an earlier module replaced otherwise; records m's. */
function replacementConflictWith(replacements: Map<string, { path: string; version: string }>, replacedByWork: ReadonlySet<string>, m: LoadedModule): string | undefined {
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
      return `conflicting replacements for ${old}:\n\t${both}\nuse "go work edit -replace ${old}=[override]" to resolve`;
    }
    mine.add(key);
    replacements.set(key, target);
  }
  return undefined;
}
