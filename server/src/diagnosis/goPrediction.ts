// Owns: predicting the go command's error text for a failure we saw, as `go mod download` prints it for a
// module version from the user's go.sum: which request Go makes first (the proxy's .mod, a proxy's
// /sumdb/<name>/supported, or the database's /lookup/M@V), the URL it quotes, and Go's wording of the reason
// for the Go release at hand. One home for this, used by probe and check.
// Pure: no I/O, no clock, never imports vscode.
import { parseGoproxy, proxyModUrlText } from '../goenv/goproxy';
import { DatabaseBase } from '../sumdb/databaseBase';
import { originOf } from '../transport/urlHost';
import { CLEARTEXT_CREDENTIALS, goFailureText, reasonOfFailureText, whileReading } from '../transport/failure';
import { redactedUrlText } from '../shared/goUrl';

/** How the go command gets a module and reaches the database, as GOPROXY/GOSUMDB and the chain decided it. */
export interface GoRoute {
  /** The first GOPROXY entry when it is a proxy URL: Go downloads the module's .mod from it before anything else. */
  moduleProxy?: string;
  /** Where Go sends database reads: https://<name>, the URL in GOSUMDB, or <proxy>/sumdb/<name>. */
  database?: DatabaseBase;
  /** The module proxy served the module's .mod while its /sumdb/ path failed: Go gets past the module step. */
  modulesServed?: boolean;
}

/** Statuses a proxy answers every request with, not only its /sumdb/ paths: it wants credentials, or refuses us. */
export const WHOLE_PROXY_REFUSALS: ReadonlySet<number> = new Set([401, 403, 407]);

/**
 * The route for a GOPROXY value: its first entry, when a proxy URL, serves the module; the database's base as the
 * chain found it; `moduleStatus`, the status that proxy answered a module's .mod with after its /sumdb/ path failed: any
 * answer but a refusal of everything says it serves module paths (a 404 there is that module's, not the proxy's).
 */
export function goRouteOf(env: { GOPROXY: string }, database?: DatabaseBase, moduleStatus?: number): GoRoute {
  const list = parseGoproxy(env.GOPROXY);
  const first = list.entries[0];
  return {
    ...(first?.kind === 'proxy' ? { moduleProxy: first.url } : {}),
    ...(database ? { database } : {}),
    ...(moduleStatus !== undefined && !WHOLE_PROXY_REFUSALS.has(moduleStatus) ? { modulesServed: true } : {}),
  };
}

/** Which of Go's requests the failure stops: the module's .mod, a proxy's /supported, or the database lookup. */
export type GoStep = 'module' | 'supported' | 'database';

export interface GoFailure {
  step: GoStep;
  /** The URL our own failed request went to (Go's request differs in path, never in host). */
  url: string;
  /** Go's reason: what follows `Get "URL": ` (e.g. `proxyconnect tcp: dial tcp ...: connect: connection refused`). */
  reason: string;
  /** The body failed once the headers were in: Go says `reading URL: reason` (web.GetBytes), not `Get "URL": `. */
  whileReading?: boolean;
  /** The URL is a tile of the database (which Go reads as it is), not a read Go makes per module version. */
  tile?: boolean;
}

export interface ModuleVersion {
  module: string;
  version: string;
}

/** Go 1.20 added "tls: failed to verify certificate: " before crypto/x509's own text; older releases print x509's alone. */
const TLS_VERIFY_PREFIX = 'tls: failed to verify certificate: ';

/**
 * Which request of Go's a failure of ours stands for. A proxy that is Go's module proxy fails on the .mod first,
 * unless it `answered` our request to its /sumdb/ path (a status of that path, or a body it then cut), or served
 * the module's .mod (`modulesServed`): such a proxy serves the module, and Go stops at that path (checked beside
 * the go command).
 */
export function goStepOf(role: 'database' | 'proxy', url: string, route: GoRoute, answered = false): GoStep {
  if (role === 'database') return 'database';
  const servesModules = answered || route.modulesServed === true;
  return !servesModules && route.moduleProxy !== undefined && sameOrigin(url, route.moduleProxy) ? 'module' : 'supported';
}

/** The URL Go requests at that step for module@version. */
export function goRequestUrl(failure: GoFailure, route: GoRoute, mv: ModuleVersion): string {
  switch (failure.step) {
    case 'module':
      return proxyModUrlText(route.moduleProxy ?? originOf(failure.url), mv.module, mv.version);
    case 'supported':
      return failure.url;
    case 'database':
      // A tile is the same read for any record it proves; everything else Go reads first is the lookup.
      if (failure.tile) return failure.url;
      return (route.database ?? DatabaseBase.unescaped(databaseBaseOf(failure.url))).lookupUrl(mv.module, mv.version);
  }
}

/** Go's wording of a reason in a given release (`go1.19.8`); the newest wording when the release is unknown. */
export function reasonFor(reason: string, goVersion?: string): string {
  const minor = /^go1\.(\d+)/.exec(goVersion ?? '')?.[1];
  if (minor !== undefined && Number(minor) < 20) return reason.split(TLS_VERIFY_PREFIX).join('');
  return reason;
}

/**
 * What `go mod download` prints when this failure stops it while fetching module@version:
 * `go: M@V: Get "<proxy>/M/@v/V.mod": <reason>` when the module proxy fails first, else
 * `go: M@V: verifying go.mod: M@V/go.mod: Get "<url>": <reason>`.
 */
export function predictGoError(failure: GoFailure, route: GoRoute, mv: ModuleVersion, goVersion?: string): string {
  // Go names its URLs redacted (a password as "xxxxx"); it refuses credentials over plain HTTP before any Get.
  const url = redactedUrlText(goRequestUrl(failure, route, mv));
  const reason = reasonFor(failure.reason, goVersion);
  const get = failure.reason.startsWith(CLEARTEXT_CREDENTIALS) ? CLEARTEXT_CREDENTIALS + url
    : goFailureText(url, reason, failure.whileReading ? 'body' : undefined);
  const at = `${mv.module}@${mv.version}`;
  return failure.step === 'module' ? `go: ${at}: ${get}` : `go: ${at}: verifying go.mod: ${at}/go.mod: ${get}`;
}

/** The failure Go's request at `step` meets, as our own request there met it (its words: `goError`). */
export function goFailureOf(step: GoStep, url: string, goError: string): GoFailure {
  return { step, url, reason: reasonOfFailureText(goError), whileReading: whileReading(goError) };
}

/** The database base a read URL belongs to: what comes before /latest, /lookup/ or /tile/. */
export function databaseBaseOf(url: string): string {
  const m = /^(.*?)\/(?:latest$|lookup\/|tile\/)/.exec(url);
  return m ? m[1] : url;
}

function sameOrigin(a: string, b: string): boolean {
  return originOf(a) === originOf(b);
}

/**
 * What `go mod download` prints when a server answers Go's request at that step with an error status (`text` is
 * Go's "reading URL: STATUS…" for our own request there): the URL Go asks for, redacted as Go shows it. A
 * module proxy fails on the module's .mod before Go reaches the database; the database on module@version's
 * /lookup, the first thing Go asks it, or on the `tile` after it.
 */
export function predictGoStatusError(step: GoStep, url: string, text: string, route: GoRoute, mv: ModuleVersion, tile?: boolean): string {
  const goUrl = redactedUrlText(goRequestUrl({ step, url, reason: '', tile }, route, mv));
  const said = text.replace(`reading ${url}: `, `reading ${goUrl}: `);
  const at = `${mv.module}@${mv.version}`;
  return step === 'module' ? `go: ${at}: ${said}` : `go: ${at}: verifying go.mod: ${at}/go.mod: ${said}`;
}
