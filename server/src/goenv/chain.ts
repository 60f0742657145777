// How the go command reaches the checksum database (cmd/go's initBase): with no URL in GOSUMDB it asks
// each GOPROXY entry for <proxy>/sumdb/<name>/supported; 200 → that proxy serves every database read,
// 404/410 → next entry, direct/off → https://<name>, other failures stop unless the entry ends in '|'.
// Every request goes through the Transport interface, a file:// entry's file through the caller's reader, and the
// time each step took through the caller's clock: this module does no I/O of its own and never imports vscode.
import { Transport, TransportError, FailureKind, type TransportFailureDetail } from '../transport/types';
import { goHttpErrorText } from '../sumdb/httpErrorText';
import { failureTextFor, goGetError } from '../transport/failure';
import { goTakesStatus } from '../transport/goStatus';
import { goLocalFileText, noSuchFileText } from '../transport/localFiles';
import { parseGosumdb } from './gosumdb';
import { parseGoproxy, proxyModUrl, ProxyEntry, PROXY_ERRORS } from './goproxy';
import { parseGoUrl, formatGoUrl, joinGoUrl, type GoUrl } from '../shared/goUrl';
import { DatabaseBase } from '../sumdb/databaseBase';
import { WHOLE_PROXY_REFUSALS } from '../diagnosis/goPrediction';

export type StepOutcome =
  | 'supported'     // 200: this proxy serves the database
  | 'not-found'     // 404: try the next entry
  | 'gone'          // 410: try the next entry
  | 'http-error'    // another status: stop unless '|'
  | 'unreachable'   // the request failed: stop unless '|'
  | 'noproxy'       // the implicit GONOPROXY entry: passes on
  | 'direct'        // connect to https://<name>
  | 'off';          // same as direct for the database

export interface ChainStep {
  /** The GOPROXY entry. */
  proxy: string;
  /** The URL asked, for real proxies. */
  url?: string;
  outcome: StepOutcome;
  status?: number;
  failure?: FailureKind;
  ms: number;
  /** The entry was followed by '|'. */
  fallBackOnError: boolean;
  /** Go's error text for this step, when it failed. */
  goError?: string;
  /**
   * The first proxy's /supported failed mid-answer (cut or garbled) or was refused (401, 403, 407): the status the
   * same proxy answered the module's .mod with, which Go fetches first; absent when that failed too, or was not asked.
   */
  moduleStatus?: number;
  /** What the transport knew about a failed request (the HTTP proxy and its CONNECT status, a refused certificate). */
  detail?: Pick<TransportFailureDetail, 'phase' | 'proxy' | 'proxyStatus' | 'issuer' | 'subject' | 'code'>;
  /** Why the walk went on or stopped here, in plain words (see messages.ts for the wording). */
  why: 'use-proxy' | 'try-next' | 'try-next-after-error' | 'stop' | 'use-direct' | 'pass';
}

export interface ChainResult {
  name: string;
  verifierKey: string;
  /** Where every database read goes, as Go holds it; absent when GOSUMDB=off or the chain failed. */
  base?: DatabaseBase;
  /** 'none': the base could not be decided (see error). */
  via: 'direct' | 'proxy' | 'url' | 'off' | 'none';
  proxy?: string;
  steps: ChainStep[];
  /** Go's error text, as the go command would print it after "verifying ...: ". */
  error?: { message: string };
}

/** The step that stopped the walk: a proxy that could not be reached or answered with an error status. */
export function failedStep(chain: Pick<ChainResult, 'steps'>): ChainStep | undefined {
  return chain.steps.find((s) => s.outcome === 'unreachable' || s.outcome === 'http-error');
}

export interface ChainInputs {
  GOSUMDB: string;
  GOPROXY: string;
  GONOPROXY?: string;
  platform?: NodeJS.Platform;
}

export interface ChainOptions {
  signal?: AbortSignal;
  /** Reads a file:// proxy's supported file; undefined when it does not exist (transport/localFiles.ts). */
  readLocal: (path: string, maxBytes: number) => Promise<Uint8Array | undefined>;
  /** Milliseconds on a monotonic clock: how long each step took. */
  now: () => number;
  /**
   * A public module version whose .mod is asked of the first proxy when its /supported fails mid-answer (never one
   * of the user's: that could be private): whether the proxy serves modules, which Go fetches first.
   */
  moduleSample?: { module: string; version: string };
}

/** The most of a module's .mod read when asked only whether the proxy answers. */
const MODULE_MAX_BYTES = 1 << 20;
/** The most of a proxy's supported answer read (Go's is empty): a file or body past it is not waited out. */
const SUPPORTED_MAX_BYTES = 64 << 10;

function base(name: string, verifierKey: string): Pick<ChainResult, 'name' | 'verifierKey' | 'steps'> {
  return { name, verifierKey, steps: [] };
}

/** Decides the database base URL exactly as the go command would, asking proxies over `transport`. */
export async function resolveChain(inputs: ChainInputs, transport: Transport, options: ChainOptions): Promise<ChainResult> {
  const { now } = options;
  const db = parseGosumdb(inputs.GOSUMDB);
  if (db.kind === 'off') return { name: '', verifierKey: '', via: 'off', steps: [] };
  if (db.kind === 'error') return { name: '', verifierKey: '', via: 'none', steps: [], error: { message: db.message } };
  if (db.url !== undefined && db.parsedUrl) {
    return { ...base(db.name, db.verifierKey), via: 'url', base: DatabaseBase.of(db.parsedUrl) };
  }
  const list = parseGoproxy(inputs.GOPROXY, { gonoproxy: inputs.GONOPROXY, platform: inputs.platform });
  if (!list.ok) return { ...base(db.name, db.verifierKey), via: 'none', error: { message: list.error } };

  const steps: ChainStep[] = [];
  // TryProxies keeps the most useful error: direct/noproxy errors, then proxy errors, then not-found ones.
  let bestErr: { message: string; notExist: boolean } | undefined;
  let bestRank = 0;
  for (const entry of list.entries) {
    const r = await askEntry(entry, db.name, transport, options, now, entry === list.entries[0]);
    steps.push(r.step);
    if (r.base !== undefined) {
      return { ...base(db.name, db.verifierKey), steps, via: 'proxy', base: r.base, proxy: r.step.proxy };
    }
    const err = r.err!;
    if (entry.kind === 'direct') {
      bestErr = err;
      bestRank = 2;
    } else if (bestRank <= 1 && !err.notExist) {
      bestErr = err;
      bestRank = 1;
    } else if (bestRank === 0) {
      bestErr = err;
    }
    if (!entry.fallBackOnError && !err.notExist) break;
  }
  if (bestErr === undefined || bestErr.notExist) {
    // https://<name>: a name with a path gives a base whose joined paths Go escapes.
    return { ...base(db.name, db.verifierKey), steps, via: 'direct', base: DatabaseBase.parse(db.directUrl) };
  }
  return { ...base(db.name, db.verifierKey), steps, via: 'none', error: { message: bestErr.message } };
}

interface EntryResult {
  step: ChainStep;
  base?: DatabaseBase;
  err?: { message: string; notExist: boolean };
}

async function askEntry(entry: ProxyEntry, name: string, transport: Transport, options: ChainOptions,
  now: () => number, moduleProxy: boolean): Promise<EntryResult> {
  const fb = entry.fallBackOnError;
  switch (entry.kind) {
    case 'noproxy':
      return { step: { proxy: 'noproxy', outcome: 'noproxy', ms: 0, fallBackOnError: fb, why: 'pass' },
        err: { message: PROXY_ERRORS.useProxy, notExist: true } };
    case 'direct':
    case 'off':
      return { step: { proxy: entry.url, outcome: entry.kind, ms: 0, fallBackOnError: fb, why: 'use-direct' },
        err: { message: PROXY_ERRORS.off, notExist: true } };
    default:
      break;
  }
  const parsed = parseGoUrl(entry.url);
  if (!parsed.ok) {
    return { step: { proxy: entry.url, outcome: 'unreachable', failure: 'malformed', ms: 0, fallBackOnError: fb,
      goError: parsed.error, why: fb ? 'try-next-after-error' : 'stop' }, err: { message: parsed.error, notExist: false } };
  }
  // Shown as Go shows them (a password as "xxxxx"); requested with the credentials the proxy URL carries.
  const proxy = formatGoUrl(parsed.url);
  const supportedUrl = joinGoUrl(parsed.url, `sumdb/${name}/supported`);
  const supported = formatGoUrl(supportedUrl);
  const databaseBase = DatabaseBase.throughProxy(parsed.url, name);
  const t0 = now();
  const ms = () => Math.round(now() - t0);
  if (parsed.url.scheme === 'file') return askFile(entry, supported, databaseBase, parsed.url.path + `/sumdb/${name}/supported`, options, ms);
  try {
    const res = await transport.get(formatGoUrl(supportedUrl, false), { signal: options.signal, maxBytes: SUPPORTED_MAX_BYTES });
    const step: ChainStep = { proxy, url: supported, status: res.status, ms: ms(), fallBackOnError: fb,
      outcome: 'supported', why: 'use-proxy' };
    if (goTakesStatus(res.status)) return { step, base: databaseBase };
    const message = goHttpErrorText(supported, res);
    const notExist = res.status === 404 || res.status === 410;
    step.outcome = res.status === 404 ? 'not-found' : res.status === 410 ? 'gone' : 'http-error';
    step.goError = message;
    step.why = notExist ? 'try-next' : fb ? 'try-next-after-error' : 'stop';
    // A refusal may be the whole proxy's, or its /sumdb/ paths' alone: the module's .mod tells.
    if (moduleProxy && options.moduleSample && WHOLE_PROXY_REFUSALS.has(res.status)) {
      step.moduleStatus = await moduleStatusOf(transport, parsed.url, options.moduleSample, options.signal);
    }
    return { step, err: { message, notExist } };
  } catch (e) {
    const te = e instanceof TransportError ? e : undefined;
    const message = te?.kind === 'blocked-by-policy' ? te.message : te ? failureTextFor(supported, te.message) : goGetError(supported, String(e));
    const step: ChainStep = { proxy, url: supported, outcome: 'unreachable', failure: te?.kind ?? 'other', ms: ms(),
      fallBackOnError: fb, goError: message, why: fb ? 'try-next-after-error' : 'stop', ...(te ? { detail: failureDetail(te) } : {}) };
    if (moduleProxy && options.moduleSample && te && failedMidAnswer(te)) {
      step.moduleStatus = await moduleStatusOf(transport, parsed.url, options.moduleSample, options.signal);
    }
    return { step, err: { message, notExist: false } };
  }
}

/**
 * A request that reached the server and failed in its answer (cut, reset, or not HTTP): a proxy may do that to its
 * /sumdb/ paths alone (a filter on the URL), where a refused connection or a certificate fails every path alike.
 */
function failedMidAnswer(te: TransportError): boolean {
  const phase = te.detail.phase;
  return (te.kind === 'reset' || te.kind === 'malformed') && phase !== 'dns' && phase !== 'connect' && phase !== 'tls';
}

/** The status the proxy answers the module's .mod with; undefined when that request fails too. */
async function moduleStatusOf(transport: Transport, proxy: GoUrl, sample: { module: string; version: string }, signal?: AbortSignal): Promise<number | undefined> {
  try {
    return (await transport.get(formatGoUrl(proxyModUrl(proxy, sample.module, sample.version), false), { signal, maxBytes: MODULE_MAX_BYTES })).status;
  } catch {
    return undefined;
  }
}

async function askFile(entry: ProxyEntry, url: string, databaseBase: DatabaseBase, path: string, options: ChainOptions,
  ms: () => number): Promise<EntryResult> {
  const fb = entry.fallBackOnError;
  try {
    const data = await options.readLocal(path, SUPPORTED_MAX_BYTES);
    if (data === undefined) {
      const message = noSuchFileText(url);
      return { step: { proxy: entry.url, url, outcome: 'not-found', status: 404, ms: ms(), fallBackOnError: fb,
        goError: message, why: 'try-next' }, err: { message, notExist: true } };
    }
    return { step: { proxy: entry.url, url, outcome: 'supported', status: 200, ms: ms(), fallBackOnError: fb,
      why: 'use-proxy' }, base: databaseBase };
  } catch (e) {
    const message = goLocalFileText(url, e);
    return { step: { proxy: entry.url, url, outcome: 'unreachable', failure: 'other', ms: ms(), fallBackOnError: fb,
      goError: message, why: fb ? 'try-next-after-error' : 'stop' }, err: { message, notExist: false } };
  }
}

function failureDetail(te: TransportError): NonNullable<ChainStep['detail']> {
  const { phase, proxy, proxyStatus, issuer, subject, code } = te.detail;
  return { ...(phase ? { phase } : {}), ...(proxy ? { proxy } : {}), ...(proxyStatus !== undefined ? { proxyStatus } : {}),
    ...(issuer ? { issuer } : {}), ...(subject ? { subject } : {}), ...(code ? { code } : {}) };
}
