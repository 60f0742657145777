// The effective Go environment with provenance, in the go command's order of precedence:
//   1. the tool's OS environment: VS Code's go.toolsEnvVars (vscode-go overlays them on its own process
//      environment when it starts the go command), then the process environment; empty values do not count
//   2. the user's go env file ($GOENV or the OS config dir; last line for a key wins; GOENV=off skips it)
//   3. $GOROOT/go.env (never overrides a key the user file has, even an empty one)
//   4. Go's built-in defaults, and values derived from others (GONOSUMDB/GONOPROXY from GOPRIVATE,
//      GOMODCACHE from GOPATH).
// Pure: the caller supplies file contents; no I/O, never imports vscode.
import nodePath = require('node:path');
import { parseEnvFile, ParsedEnvFile } from '../shared/envFile';
import { OsEnv, envFileLocation, cleanPath, EnvFileLocation } from '../shared/locations';
import type { GoCommandFacts } from './toolchainSelect';

export type EnvSourceKind = 'process' | 'toolsEnvVars' | 'goenv-file' | 'goroot-go.env' | 'default' | 'derived';

export interface EnvValue {
  name: string;
  value: string;
  source: EnvSourceKind;
  /** The file that set it (go env file or go.env). */
  file?: string;
  /** 0-based line and character range of the value in `file`. */
  line?: number;
  range?: { start: number; end: number };
  /** The variable actually read, when Go accepts several spellings (https_proxy for HTTPS_PROXY). */
  readAs?: string;
  /** For 'derived': the variable it came from. */
  derivedFrom?: string;
}

export interface EnvInputs {
  process: OsEnv;
  toolsEnvVars?: Readonly<Record<string, unknown>>;
  /** The user's go env file, when it could be read (its path must be the one envFileLocation gives). */
  userFile?: { path: string; text: string };
  /** $GOROOT/go.env, when it could be read. Absent: Go's standard go.env defaults are assumed. */
  gorootFile?: { path: string; text: string };
  /** GOROOT located from the go binary, used when neither the environment nor the env file names one. */
  gorootFound?: string;
  /** The first line of $GOROOT/VERSION ("go1.19.8"), when it could be read: the local go command's release. */
  gorootVersion?: string;
  platform?: NodeJS.Platform;
}

export const GO_VARS = ['GOSUMDB', 'GOPROXY', 'GONOSUMDB', 'GONOPROXY', 'GOPRIVATE', 'GOINSECURE', 'GOFLAGS', 'GOPATH',
  'GOMODCACHE', 'GOENV', 'GOROOT', 'GOTOOLCHAIN', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'SSL_CERT_FILE',
  'SSL_CERT_DIR', 'GOAUTH'] as const;
export type GoVar = (typeof GO_VARS)[number];

/** Settings people set believing Go reads them. It does not. */
export const IGNORED_VARS = ['GONOSUMCHECK', 'GONOVERIFY'] as const;

/** The defaults a standard Go distribution ships in $GOROOT/go.env (Go 1.21 and later). */
export const STANDARD_GO_ENV: Readonly<Record<string, string>> = Object.freeze({
  GOPROXY: 'https://proxy.golang.org,direct',
  GOSUMDB: 'sum.golang.org',
  GOTOOLCHAIN: 'auto',
});

export interface ResolvedEnv {
  vars: Record<GoVar, EnvValue>;
  envFile: EnvFileLocation;
  /** Ignored variables that are set somewhere (GONOSUMCHECK, GONOVERIFY). */
  ignored: EnvValue[];
  /** The local go command's release ("go1.19.8", from $GOROOT/VERSION); absent when unknown. */
  goVersion?: string;
}

interface Layers {
  inputs: EnvInputs;
  platform: NodeJS.Platform;
  user?: ParsedEnvFile;
  goroot?: ParsedEnvFile;
}

function fromOs(l: Layers, name: string, readAs = name): EnvValue | undefined {
  const tools = l.inputs.toolsEnvVars;
  if (tools && Object.prototype.hasOwnProperty.call(tools, readAs) && typeof tools[readAs] === 'string') {
    const v = tools[readAs] as string;
    return v !== '' ? { name, value: v, source: 'toolsEnvVars', readAs: readAs !== name ? readAs : undefined } : undefined;
  }
  const v = l.inputs.process[readAs] ?? '';
  return v !== '' ? { name, value: v, source: 'process', readAs: readAs !== name ? readAs : undefined } : undefined;
}

function fromFile(name: string, parsed: ParsedEnvFile | undefined, file: string | undefined,
  source: 'goenv-file' | 'goroot-go.env'): EnvValue | undefined {
  const s = parsed?.settings.get(name);
  if (!s) return undefined;
  return { name, value: s.value, source, file, line: s.line, range: { start: s.valueStart, end: s.valueEnd } };
}

// cfg.Getenv: a non-empty OS value, else the user file, else GOROOT/go.env.
function getenv(l: Layers, name: string): EnvValue | undefined {
  return fromOs(l, name) ??
    fromFile(name, l.user, l.inputs.userFile?.path, 'goenv-file') ??
    (name === 'GOROOT' ? undefined : fromFile(name, l.goroot, l.inputs.gorootFile?.path, 'goroot-go.env'));
}

function layers(inputs: EnvInputs): Layers {
  return {
    inputs,
    platform: inputs.platform ?? 'linux',
    user: inputs.userFile ? parseEnvFile(inputs.userFile.text) : undefined,
    goroot: inputs.gorootFile ? parseEnvFile(inputs.gorootFile.text) : undefined,
  };
}

export function resolveGoEnv(inputs: EnvInputs): ResolvedEnv {
  const l = layers(inputs);
  const { envFile, GOENV } = goenvVar(l);
  const GOROOT = gorootVar(l);
  const { GOPATH, GOMODCACHE } = gopathVars(l, GOROOT);
  const GOPRIVATE = withDefault(l, 'GOPRIVATE', '');
  const vars: Record<GoVar, EnvValue> = {
    GOSUMDB: goEnvDefault(l, 'GOSUMDB'),
    GOPROXY: goEnvDefault(l, 'GOPROXY'),
    GONOSUMDB: withDefault(l, 'GONOSUMDB', GOPRIVATE.value, 'derived', 'GOPRIVATE'),
    GONOPROXY: withDefault(l, 'GONOPROXY', GOPRIVATE.value, 'derived', 'GOPRIVATE'),
    GOPRIVATE,
    GOINSECURE: withDefault(l, 'GOINSECURE', ''),
    GOFLAGS: withDefault(l, 'GOFLAGS', ''),
    GOPATH,
    GOMODCACHE,
    GOENV,
    GOROOT,
    GOTOOLCHAIN: goEnvDefault(l, 'GOTOOLCHAIN'),
    HTTP_PROXY: httpVar(l, 'HTTP_PROXY'),
    HTTPS_PROXY: httpVar(l, 'HTTPS_PROXY'),
    NO_PROXY: httpVar(l, 'NO_PROXY'),
    SSL_CERT_FILE: osOnly(l, 'SSL_CERT_FILE'),
    SSL_CERT_DIR: osOnly(l, 'SSL_CERT_DIR'),
    // Go 1.24+: where the go command gets credentials ("netrc" unless set; older releases read .netrc always).
    GOAUTH: withDefault(l, 'GOAUTH', 'netrc'),
  };
  const ignored: EnvValue[] = [];
  for (const name of IGNORED_VARS) {
    const v = getenv(l, name);
    if (v) ignored.push(v);
  }
  return { vars, envFile, ignored, ...(inputs.gorootVersion ? { goVersion: inputs.gorootVersion } : {}) };
}

/** EnvOrAndChanged: an empty value, even one written in a file, gives the default (`GONOSUMDB=` → GOPRIVATE). */
function withDefault(l: Layers, name: string, def: string, source: EnvSourceKind = 'default', derivedFrom?: string): EnvValue {
  const v = getenv(l, name);
  return v && (v.value !== '' || def === '') ? v : { name, value: def, source, derivedFrom };
}

/**
 * A variable whose default GOROOT/go.env sets (Go 1.21 and later): a value in the user's file, even an empty one,
 * keeps go.env's from being read. Without that file (older releases) the default is built in, and envOr gives it
 * for an empty value too (`GOPROXY=` in the env file means proxy.golang.org there).
 */
function goEnvDefault(l: Layers, name: string): EnvValue {
  const v = getenv(l, name);
  if (l.inputs.gorootFile) return v ?? { name, value: '', source: 'default' };
  return v && v.value !== '' ? v : { name, value: STANDARD_GO_ENV[name] ?? '', source: 'default' };
}

/** net/http reads the upper-case spelling first, then the lower-case one; only the OS environment. */
function httpVar(l: Layers, name: string): EnvValue {
  return fromOs(l, name) ?? fromOs(l, name, name.toLowerCase()) ?? { name, value: '', source: 'default' };
}

function osOnly(l: Layers, name: string): EnvValue {
  return fromOs(l, name) ?? { name, value: '', source: 'default' };
}

/** The OS variables that place the user's directories (the go env file, the home GOPATH defaults to). */
function userDirVars(l: Layers): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of ['GOENV', 'HOME', 'XDG_CONFIG_HOME', 'AppData', 'USERPROFILE', 'home']) out[k] = fromOs(l, k)?.value ?? '';
  return out;
}

/** GOENV: where the go env file is (from the OS value, or derived from the user's config directory). */
function goenvVar(l: Layers): { envFile: ResolvedEnv['envFile']; GOENV: EnvValue } {
  const envFile = envFileLocation(userDirVars(l), l.platform);
  const goenvOs = fromOs(l, 'GOENV');
  const GOENV: EnvValue = {
    ...(goenvOs ?? { name: 'GOENV', source: 'derived' as const }),
    value: envFile.kind === 'file' ? envFile.path : '',
  };
  return { envFile, GOENV };
}

/** GOROOT: the OS value as given, else the one findGOROOT settles on. */
function gorootVar(l: Layers): EnvValue {
  const gorootOs = fromOs(l, 'GOROOT');
  const gorootFile = fromFile('GOROOT', l.user, l.inputs.userFile?.path, 'goenv-file');
  if (gorootOs) return gorootOs;
  if (gorootFile) return { ...gorootFile, value: cleanPath(gorootFile.value, l.platform) };
  if (l.inputs.gorootFound) return { name: 'GOROOT', value: cleanPath(l.inputs.gorootFound, l.platform), source: 'derived' };
  return { name: 'GOROOT', value: '', source: 'default' };
}

/** GOPATH: default $HOME/go unless that is GOROOT; GOMODCACHE: default the first GOPATH entry's pkg/mod. */
function gopathVars(l: Layers, GOROOT: EnvValue): { GOPATH: EnvValue; GOMODCACHE: EnvValue } {
  const platform = l.platform;
  const api = platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const homeVar = platform === 'win32' ? 'USERPROFILE' : platform === ('plan9' as NodeJS.Platform) ? 'home' : 'HOME';
  const home = fromOs(l, homeVar)?.value ?? '';
  let gopathDefault = home === '' ? '' : api.join(home, 'go');
  if (gopathDefault !== '' && GOROOT.value !== '' && cleanPath(gopathDefault, platform) === cleanPath(GOROOT.value, platform)) {
    gopathDefault = '';
  }
  const GOPATH = withDefault(l, 'GOPATH', gopathDefault);
  const firstGopath = GOPATH.value.split(api.delimiter)[0] ?? '';
  const GOMODCACHE = withDefault(l, 'GOMODCACHE', firstGopath === '' ? '' : api.join(firstGopath, 'pkg/mod'), 'derived', 'GOPATH');
  return { GOPATH, GOMODCACHE };
}

/**
 * GOWORK as modload reads it (cfg.Getenv: a non-empty OS value, else the go env file, else GOROOT/go.env). Not one
 * of GO_VARS: `go env GOWORK` prints the go.work file in use, not this setting, and `go env -w` refuses it, but a
 * line written in the env file by hand is read.
 */
export function goWorkSetting(inputs: EnvInputs): string {
  return getenv(layers(inputs), 'GOWORK')?.value ?? '';
}

/** GOTOOLCHAIN as toolchain.Select reads it (cfg.Getenv: the environment, the go env file, GOROOT/go.env); '' when unset. */
export function goToolchainSetting(inputs: EnvInputs): string {
  return getenv(layers(inputs), 'GOTOOLCHAIN')?.value ?? '';
}

/** The local go command as it meets a go.mod or go.work: its release ($GOROOT/VERSION) and GOTOOLCHAIN as it reads it. */
export function goCommandFacts(inputs: EnvInputs): GoCommandFacts {
  return { release: inputs.gorootVersion, gotoolchain: goToolchainSetting(inputs) };
}

/** GO111MODULE as modload reads it (cfg.Getenv, like GOWORK); '' when unset. */
export function goModulesSetting(inputs: EnvInputs): string {
  return getenv(layers(inputs), 'GO111MODULE')?.value ?? '';
}

/** Plain name → value view, in the shape `go env -json` prints. */
export function envValues(env: ResolvedEnv): Record<GoVar, string> {
  const out = {} as Record<GoVar, string>;
  for (const k of GO_VARS) out[k] = env.vars[k].value;
  return out;
}
