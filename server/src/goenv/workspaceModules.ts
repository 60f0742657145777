// Owns: the module directories a go.work uses, as modload's loadWorkFile resolves them, and the go command's
// refusals of them: a directory used twice, and one without a go.mod (every go command in the workspace stops there);
// then, once every used go.mod loads, a module whose go version is above go.work's (today's Go) and what
// makeMainModules refuses of the modules and their replacements.
// Pure: the caller says which go.mod files exist and what they say.
import path = require('node:path');
import { parseGoMod, type GoModReplace, type GoWorkUse } from '../parse/gomod';
import { goModLoads } from '../problems/validate';
import type { Range } from '../parse/ranges';
import { moduleVersionText, replacementConflict } from '../problems/replacements';
import { compareGoVersions } from '../parse/gover';

/** gover.DefaultGoModVersion and DefaultGoWorkVersion: the go version of a go.mod or go.work without a go line. */
const DEFAULT_GO_MOD_VERSION = '1.16';
const DEFAULT_GO_WORK_VERSION = '1.18';
/** gover.GoStrictVersion: from this go version on, a module's go line is a requirement the workspace must meet. */
const GO_STRICT_VERSION = '1.21';

/** A used module's directory and the use directive that names it. */
export interface UsedModule { dir: string; use: GoWorkUse }

export interface WorkspaceModules {
  /** Each directory once, in the order go.work uses them. */
  modules: UsedModule[];
  /** Go's main modules (modRoots): every use it accepts, an absolute directory under each spelling it is written in. */
  mainModules: UsedModule[];
  /** The go command's refusals in its words, in the order it meets them (it stops at the first), each at its use. */
  refusals: { use: GoWorkUse; message: string }[];
}

/**
 * The modules of a go.work in workDir: each use joined to workDir and cleaned unless absolute (then as written, so
 * "/w/a" and "/w/a/" are two to Go, though one directory, whose files are read once). `hasGoMod(dir)`: whether
 * dir/go.mod is a file. Refusals: Go's "path X appears multiple times in workspace" first, then its "cannot load
 * module X listed in go.work file: …" in today's words, paths as base.ShortPath gives them from workDir.
 */
export function workspaceModules(workDir: string, uses: readonly GoWorkUse[], hasGoMod: (dir: string) => boolean): WorkspaceModules {
  const refusals: WorkspaceModules['refusals'] = [];
  const roots = uses.map((use) => (path.isAbsolute(use.dir) ? use.dir : cleaned(path.join(path.resolve(workDir), use.dir))));
  // A set, not a search of the list: a go.work of thousands of uses must not take seconds.
  const firstUse = new Map<string, number>();
  roots.forEach((root, i) => {
    if (firstUse.has(root)) refusals.push({ use: uses[i], message: `reading go.work: path ${root} appears multiple times in workspace` });
    else firstUse.set(root, i);
  });
  const modules: UsedModule[] = [];
  const mainModules: UsedModule[] = [];
  const read = new Set<string>();
  uses.forEach((use, i) => {
    const dir = roots[i];
    if (firstUse.get(dir) !== i) return; // refused above
    if (!hasGoMod(dir)) refusals.push({ use, message: unloadableModule(workDir, dir) });
    else if (!read.has(path.resolve(dir))) modules.push({ dir, use });
    read.add(path.resolve(dir));
    mainModules.push({ dir, use });
  });
  return { modules, mainModules, refusals };
}

/**
 * What the go command prints when it refuses a workspace whose go.work parses (its modules: workspaceModules), without
 * its "go: ": the first use it refuses, else each main-module refusal up to the first that stops it; undefined when
 * it goes on (a used go.mod that does not load is that go.mod's own problem). `factsOf` as for loadedModules.
 */
export function workspaceRefusal(ws: WorkspaceModules, work: WorkFacts, factsOf: (dir: string) => MainModuleFacts | undefined): string | undefined {
  if (ws.refusals.length > 0) return ws.refusals[0].message;
  const loaded = loadedModules(ws.mainModules, factsOf);
  const refused = loaded ? mainModuleRefusals(work, loaded) : [];
  const stop = refused.findIndex((r) => r.stops);
  const printed = refused.slice(0, stop < 0 ? refused.length : stop + 1);
  return printed.length > 0 ? printed.map((r) => r.message).join('\n') : undefined;
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
export function loadedModules(mainModules: readonly UsedModule[], factsOf: (dir: string) => MainModuleFacts | undefined): LoadedModule[] | undefined {
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
  return `module ${shortPath(work.dir, m.dir)} listed in go.work file requires go >= ${m.goVersion}, but go.work ${listed}; to update it:\n\tgo work use`;
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
      const target = { path: r.newVersion === '' && !path.isAbsolute(r.newPath) ? cleaned(path.join(m.dir, r.newPath)) : r.newPath, version: r.newVersion };
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

/** filepath.Clean's last step that path.join leaves out: no trailing separator. */
function cleaned(p: string): string {
  return p.length > 1 && p.endsWith(path.sep) ? p.slice(0, -1) : p;
}

/** modload's words for a used directory without a go.mod. Go 1.19 said only "open /abs/dir/go.mod: no such file or directory". */
function unloadableModule(workDir: string, dir: string): string {
  return `cannot load module ${shortPath(workDir, dir)} listed in go.work file: open ${shortPath(workDir, path.join(dir, 'go.mod'))}: no such file or directory`;
}

/** base.ShortPath from the go command's directory: relative when that is shorter, else absolute. */
function shortPath(cwd: string, p: string): string {
  const abs = path.resolve(p);
  const rel = path.relative(path.resolve(cwd), abs) || '.';
  return rel.length < abs.length ? rel : abs;
}
