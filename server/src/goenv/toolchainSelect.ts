// Owns: the toolchain the go command runs (toolchain.Select, Go 1.21 and later: GOTOOLCHAIN's minimum and mode, then,
// in auto and path modes, the toolchain and go lines of go.mod, or of go.work in workspace mode), and Go's refusal
// when that toolchain is older than the file's go line (modload ReadModFile's and ReadWorkFile's gover.TooNewError,
// worded with gover.Startup's facts). A switch is taken to succeed (the toolchain found on PATH or downloaded).
// Pure: no I/O.
import { compareGoVersions, isGoLanguageVersion, isValidGoVersion, switchesToolchains } from '../parse/gover';
import { goQuote } from '../shared/goquote';

/**
 * What Select reads: the local release ($GOROOT/VERSION), GOTOOLCHAIN as cfg.Getenv reads it, and the two lines of
 * the file it consults (`file`, as base.ShortPath names it: go.mod, or go.work in workspace mode).
 */
export interface ToolchainInputs {
  release: string | undefined;
  gotoolchain: string;
  goLine?: string;
  toolchainLine?: string;
  file?: 'go.mod' | 'go.work';
}

/**
 * The local go command as it meets a go.mod: its release ($GOROOT/VERSION), GOTOOLCHAIN as it reads it (undefined:
 * not known, nothing predicted), and whether it runs in workspace mode there (then go.work decides; not predicted).
 */
export interface GoCommandFacts { release?: string; gotoolchain?: string; workspace?: boolean }

export type ToolchainSelection =
  /** No Select to predict: a release before Go 1.21, or one unknown or not named goVERSION. */
  | { kind: 'unknown' }
  /** Select's fatal error (without "go: "): every go command stops there. */
  | { kind: 'refused'; message: string }
  /** The toolchain that runs, its version, and what TooNewError adds after it (gover.Startup). */
  | { kind: 'runs'; toolchain: string; version: string; explain: string };

/** gover.FromToolchain: "go1.2.3-bigcorp" is 1.2.3; '' for anything not named goVERSION or holding a path separator. */
export function fromToolchain(name: string): string {
  if (/[\\/]/.test(name) || !name.startsWith('go')) return '';
  const v = name.slice(2).split(/[ \t-]/)[0];
  return isValidGoVersion(v) ? v : '';
}

/** toolchain.Select for a module whose go.mod has these lines. */
export function selectToolchain(inputs: ToolchainInputs): ToolchainSelection {
  const { release, gotoolchain } = inputs;
  const local = fromToolchain(release ?? '');
  if (release === undefined || local === '' || !switchesToolchains(release)) return { kind: 'unknown' };
  if (gotoolchain === '') return { kind: 'runs', toolchain: release, version: local, explain: '' };
  const setting = gotoolchainSetting(gotoolchain, release, local);
  if ('refused' in setting) return { kind: 'refused', message: setting.refused };
  const chosen = setting.mode === 'auto' || setting.mode === 'path' ? fromGoMod(setting.min, inputs) : { ...setting.min, autoToolchain: '', autoGo: '' };
  if ('refused' in chosen) return { kind: 'refused', message: chosen.refused };
  const runsLocal = chosen.toolchain === release;
  if (!runsLocal && !chosen.toolchain.startsWith('go1') && !chosen.toolchain.includes('-go1')) return { kind: 'refused', message: `invalid GOTOOLCHAIN ${goQuote(chosen.toolchain)}` };
  let explain = gotoolchain !== 'auto' ? `; GOTOOLCHAIN=${gotoolchain}` : '';
  if (chosen.autoGo !== '' || chosen.autoToolchain !== '') explain += `; ${inputs.file ?? 'go.mod'} sets ${chosen.autoToolchain !== '' ? `toolchain ${chosen.autoToolchain}` : `go ${chosen.autoGo}`}`;
  return { kind: 'runs', toolchain: runsLocal ? release : chosen.toolchain, version: runsLocal ? local : fromToolchain(chosen.toolchain), explain };
}

/**
 * ReadModFile's (ReadWorkFile's) refusal of a go.mod (go.work) whose go line is above the version that runs: `what`
 * is the file as base.ShortPath names it; undefined when it runs.
 */
export function tooNewMessage(what: string, goLine: string | undefined, selection: ToolchainSelection): string | undefined {
  if (selection.kind !== 'runs' || goLine === undefined || compareGoVersions(goLine, selection.version) <= 0) return undefined;
  return `${what} requires go >= ${goLine} (running go ${selection.version}${selection.explain})`;
}

/**
 * ReadModFile's (ReadWorkFile's) TooNewError for a go.mod in module mode (a go.work) that parses, whose own go and
 * toolchain lines decide the toolchain; undefined when GOTOOLCHAIN is not known or nothing is refused.
 */
export function tooNewFor(file: 'go.mod' | 'go.work', goLine: string | undefined, toolchainLine: string | undefined, goCommand: GoCommandFacts): string | undefined {
  if (goCommand.gotoolchain === undefined) return undefined;
  const selection = selectToolchain({ release: goCommand.release, gotoolchain: goCommand.gotoolchain, goLine, toolchainLine, file });
  return tooNewMessage(file, goLine, selection);
}

/**
 * The GOTOOLCHAIN that lets the go command switch to what a refused go.mod (go.work) asks for, where the one in
 * effect holds it to an older toolchain: local (or none) becomes auto, a pinned goVERSION stays the minimum with
 * "+auto". Undefined where that would not end the refusal: Select switches already, and the file's own toolchain
 * line (`toolchain default`) is what keeps it local.
 */
export function switchingGotoolchain(file: 'go.mod' | 'go.work', goLine: string | undefined, toolchainLine: string | undefined, goCommand: GoCommandFacts): string | undefined {
  const { gotoolchain } = goCommand;
  if (gotoolchain === undefined || gotoolchain.includes('+') || gotoolchain === 'auto' || gotoolchain === 'path') return undefined;
  const value = gotoolchain === '' || gotoolchain === 'local' ? 'auto' : `${gotoolchain}+auto`;
  return tooNewFor(file, goLine, toolchainLine, { ...goCommand, gotoolchain: value }) === undefined ? value : undefined;
}

interface Minimum { toolchain: string; version: string }
type Setting = { min: Minimum; mode: string } | { refused: string };

/** GOTOOLCHAIN read as Select reads it: auto, path, local, or a minimum toolchain with an optional +auto or +path. */
function gotoolchainSetting(gotoolchain: string, release: string, local: string): Setting {
  const min: Minimum = { toolchain: release, version: local };
  if (gotoolchain === 'auto' || gotoolchain === 'path') return { min, mode: gotoolchain };
  const plus = gotoolchain.indexOf('+');
  const name = plus < 0 ? gotoolchain : gotoolchain.slice(0, plus);
  const suffix = plus < 0 ? '' : gotoolchain.slice(plus + 1);
  if (name !== 'local') {
    const v = fromToolchain(name);
    if (v === '') return { refused: plus < 0 ? `invalid GOTOOLCHAIN ${goQuote(gotoolchain)}` : `invalid GOTOOLCHAIN ${goQuote(gotoolchain)}: invalid minimum toolchain ${goQuote(name)}` };
    min.toolchain = name;
    min.version = v;
  }
  if (plus >= 0 && suffix !== 'auto' && suffix !== 'path') return { refused: `invalid GOTOOLCHAIN ${goQuote(gotoolchain)}: only version suffixes are +auto and +path` };
  return { min, mode: suffix };
}

/** Auto and path modes: go.mod's toolchain line (default keeps the minimum), then its go line, raise the minimum. */
function fromGoMod(min: Minimum, inputs: ToolchainInputs): (Minimum & { autoToolchain: string; autoGo: string }) | { refused: string } {
  const chosen = { ...min, autoToolchain: '', autoGo: '' };
  const t = inputs.toolchainLine;
  if (t === 'default') return { ...chosen, autoToolchain: 'default' };
  if (t !== undefined) {
    const tv = fromToolchain(t);
    if (tv === '' || (!t.startsWith('go') && !t.includes('-go'))) return { refused: `invalid toolchain ${goQuote(t)} in ${inputs.file ?? 'go.mod'}` };
    if (compareGoVersions(tv, chosen.version) > 0) Object.assign(chosen, { toolchain: t, version: tv, autoToolchain: t });
  }
  const g = inputs.goLine;
  if (g !== undefined && compareGoVersions(g, chosen.version) > 0) {
    // From Go 1.21 the first release of a language version is its .0 (golang.org/issue/62278).
    const name = `go${g}${isGoLanguageVersion(g) && compareGoVersions(g, '1.21') >= 0 ? '.0' : ''}`;
    Object.assign(chosen, { toolchain: name, version: fromToolchain(name), autoGo: g, autoToolchain: '' });
  }
  return chosen;
}
