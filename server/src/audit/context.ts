// Owns: building what an audit runs against from the Go environment, the way the go command would: read the
// environment (process, go env file, GOROOT/go.env), lint it, walk GOSUMDB/GOPROXY to the database's base URL,
// and connect one sumdb client for the network and one for the local caches (ours + Go's, read-only). The
// transport it creates refuses every /lookup of a GONOSUMDB/GOPRIVATE module before it leaves.
// Must never: import vscode, write to Go's directories, or send a private module path anywhere.
import path = require('node:path');
import { failedStep, resolveChain, type ChainResult } from '../goenv/chain';
import { parseGosumdb, type GosumdbConfig } from '../goenv/gosumdb';
import { lintGoEnv, type SettingLint } from '../goenv/lints';
import { goenvMessages } from '../goenv/messages';
import { envValues, resolveGoEnv, type EnvInputs, type GoVar, type ResolvedEnv } from '../goenv/resolve';
import { readEnvSources } from '../goenv/sources';
import { resolverEnvOf } from '../transport/resolverFiles';
import { credentialSources } from '../transport/goauth';
import { goauthRunner } from '../goenv/goProcess';
import { toolEnvironment } from '../shared/locations';
import { goRouteOf } from '../diagnosis/goPrediction';
import { WELL_KNOWN_SAMPLE } from '../diagnosis/diagnose';
import { connectSumdb } from '../sumdb/connect';
import type { SumdbClient } from '../sumdb/client';
import { goSumdbDirs } from '../sumdb/store';
import { ourCacheDir } from '../cacheDir';
import { createTransport, type GoTransport, type TransportOptions } from '../transport/http';
import { innerReason } from '../transport/failure';
import { TlsSessionFiles } from '../transport/tlsSessions';
import { readLocalFile } from '../transport/localFiles';
import { monotonicMs } from '../monotonic';
import type { AuditSource } from './auditor';
import { LookupGate, refuseLookupUrl, type LookupPolicy } from './lookupGate';
import { moduleCacheReader } from './moduleCache';
import { scenarioForChain, scenarioForSetting, transportErrorOf, type ScenarioContext } from './scenario';
import type { DatabaseInfo } from './verdict';
import { redactedSetting } from '../shared/goUrl';

/** Our cache's directory of TLS sessions. */
const TLS_SESSIONS_DIR = 'tls-sessions';

export interface AuditContextOptions {
  /** The process environment the go command would see. */
  processEnv: Record<string, string | undefined>;
  /** VS Code's go.toolsEnvVars, overlaid like vscode-go does. */
  toolsEnvVars?: Readonly<Record<string, unknown>>;
  /** Where the go command would run (resolves a relative GOENV). */
  cwd?: string;
  /** Never use the network: answer from our cache and Go's sumdb cache only. */
  offline?: boolean;
  /** Our cache directory (default: ourCacheDir of processEnv). */
  cacheDir?: string;
  /** Connections, HTTP/2, timeouts, extra CAs... (env and refusal are set here). */
  transportOptions?: Omit<TransportOptions, 'env' | 'refuse'>;
  /** Compare go.sum with GOMODCACHE as go mod verify does (default true). */
  checkModuleCache?: boolean;
  signal?: AbortSignal;
  /** The language of verdicts, scenarios and lints (default English). */
  locale?: string;
  /** The environment's sources as the caller already read them for these options: read once, not twice. */
  envInputs?: EnvInputs;
  /** Run GOAUTH's commands for credentials, as the go command does (never in an untrusted workspace). Default false. */
  runGoauthCommands?: boolean;
}

export interface AuditContext extends AuditSource {
  env: ResolvedEnv;
  values: Record<GoVar, string>;
  lints: SettingLint[];
  chain?: ChainResult;
  /** Reports of forks seen by either client, in Go's words. */
  securityReports: string[];
  client?: SumdbClient;
  offlineClient?: SumdbClient;
  transport?: GoTransport;
  cacheDir: string;
  /** Finishes the cache writes still queued, then closes the transport. */
  close(): Promise<void>;
}

/** Fails what still waits for the database, with the reason it was judged unreachable (a transport failure). */
function giveUpOn(transport: GoTransport, baseUrl: string, err: unknown): void {
  const te = transportErrorOf(err);
  if (te) transport.giveUp(baseUrl, te.kind, innerReason(te));
}

/** What every context holds: the environment as the go command reads it, its lints, and what was read with it. */
type ContextBase = Pick<AuditContext, 'env' | 'values' | 'lints' | 'securityReports' | 'scenarioContext' | 'moduleCache' | 'cacheDir' | 'locale'>;

/** The Go environment read and linted, with what it says about lookups and the database. */
interface Setting {
  base: ContextBase;
  policy: LookupPolicy;
  db: GosumdbConfig;
}

/** Resolves env → lints → chain → clients, and reports the database {name, url, via}. */
export async function createAuditContext(options: AuditContextOptions): Promise<AuditContext> {
  const setting = await readSetting(options);
  const { base, policy, db } = setting;
  if (db.kind === 'off') {
    return { ...base, database: null, disabled: true, online: false,
      gate: new LookupGate(policy, undefined, undefined), setupScenario: null, close: async () => undefined };
  }
  if (db.kind === 'error') {
    const setupScenario = scenarioForSetting('GOSUMDB', redactedSetting(base.values.GOSUMDB), db.message, base.scenarioContext);
    return { ...base, database: null, disabled: false, online: false, gate: new LookupGate(policy, undefined, undefined),
      setupScenario, close: async () => undefined };
  }
  const offlineSource = offlineSourceFor(base, db);
  const { offlineClient } = offlineSource;
  if (options.offline) {
    return { ...offlineSource, online: false, gate: new LookupGate(policy, undefined, offlineClient), setupScenario: null,
      close: () => offlineClient.settled() };
  }
  const transport = transportFor(base.env, policy, options, base.cacheDir);
  base.scenarioContext.credentialsFor = (url) => transport.credentialsFor(url);
  const { values } = base;
  const chain = await resolveChain({ GOSUMDB: values.GOSUMDB, GOPROXY: values.GOPROXY, GONOPROXY: values.GONOPROXY }, transport,
    { signal: options.signal, readLocal: readLocalFile, now: monotonicMs, moduleSample: WELL_KNOWN_SAMPLE });
  if (!chain.base) {
    return { ...offlineSource, chain, transport, online: false, gate: new LookupGate(policy, undefined, offlineClient),
      setupScenario: chainScenario(chain, values, base.scenarioContext),
      close: async () => { await offlineClient.settled(); await transport.close(); } };
  }
  return onlineContext(offlineSource, setting, db, chain, transport);
}

/** The environment, its lints, our cache directory, the lookup policy and the database GOSUMDB names. */
async function readSetting(options: AuditContextOptions): Promise<Setting> {
  const inputs = options.envInputs ?? await readEnvSources({ process: options.processEnv, toolsEnvVars: options.toolsEnvVars, cwd: options.cwd });
  const env = resolveGoEnv(inputs);
  const values = envValues(env);
  const lints = lintGoEnv(env, goenvMessages(options.locale));
  const cacheDir = options.cacheDir ?? ourCacheDir(options.processEnv as NodeJS.ProcessEnv);
  const policy: LookupPolicy = {
    GOSUMDB: values.GOSUMDB,
    GONOSUMDB: values.GONOSUMDB,
    nosumdbFrom: env.vars.GONOSUMDB.source === 'derived' ? 'GOPRIVATE' : 'GONOSUMDB',
  };
  const db = parseGosumdb(values.GOSUMDB);
  const scenarioContext: ScenarioContext = {
    database: db.kind === 'db' ? db.name : values.GOSUMDB,
    env: { GOSUMDB: values.GOSUMDB, GOPROXY: values.GOPROXY, GONOSUMDB: values.GONOSUMDB, GOPRIVATE: values.GOPRIVATE, HTTPS_PROXY: values.HTTPS_PROXY },
    locale: options.locale,
    ...(env.goVersion ? { goVersion: env.goVersion } : {}),
  };
  const moduleCache = options.checkModuleCache === false ? undefined : moduleCacheReader(values.GOMODCACHE);
  const base = { env, values, lints, securityReports: [], scenarioContext, moduleCache, cacheDir, locale: options.locale };
  return { base, policy, db };
}

type NamedDatabase = Extract<GosumdbConfig, { kind: 'db' }>;

/** The client on the local caches (ours + Go's, read-only), and what a context answering from it holds. */
function offlineSourceFor(base: ContextBase, db: NamedDatabase) {
  const go = goSumdbDirs(base.values.GOPATH, base.values.GOMODCACHE);
  const offlineClient = connectSumdb({ verifierKey: db.verifierKey, cacheDir: base.cacheDir, go, offline: true, onSecurityError: reporter(base) });
  const database: DatabaseInfo = { name: db.name, url: '', via: 'offline', treeSize: 0 };
  return { ...base, database, disabled: false, offlineClient, remembered: () => offlineClient.remembered() };
}

/** Fork reports from either client, kept in the context. */
function reporter(base: ContextBase): (report: string) => void {
  return (r) => { base.securityReports.push(r); };
}

/**
 * The transport with the go command's proxy and certificate settings, refusing every private module's lookup,
 * keeping its TLS sessions in our cache for the next audit (tlsSessions.ts).
 */
function transportFor(env: ResolvedEnv, policy: LookupPolicy, options: AuditContextOptions, cacheDir: string): GoTransport {
  const values = envValues(env);
  return createTransport({
    resolverEnv: resolverEnvOf(options.processEnv),
    ...credentialSources(values.GOAUTH, options.processEnv, env.goVersion,
      options.runGoauthCommands ? goauthRunner(toolEnvironment(options.processEnv, options.toolsEnvVars)) : undefined),
    tlsSessions: new TlsSessionFiles(path.join(cacheDir, TLS_SESSIONS_DIR), Date.now),
    ...options.transportOptions,
    env: { HTTPS_PROXY: values.HTTPS_PROXY, HTTP_PROXY: values.HTTP_PROXY, NO_PROXY: values.NO_PROXY,
      SSL_CERT_FILE: values.SSL_CERT_FILE, SSL_CERT_DIR: values.SSL_CERT_DIR },
    refuse: refuseLookupUrl(policy),
  });
}

/** Why GOPROXY/GOSUMDB led to no database URL: the step that failed, or the setting itself. */
function chainScenario(chain: ChainResult, values: Record<GoVar, string>, scenarioContext: ScenarioContext) {
  const failed = failedStep(chain);
  scenarioContext.route = goRouteOf(values, undefined, failed?.moduleStatus);
  return failed
    ? scenarioForChain({ url: failed.url, status: failed.outcome === 'http-error' ? failed.status : undefined, failure: failed.failure,
      detail: failed.detail, proxy: failed.proxy, goError: failed.goError ?? chain.error?.message ?? '' }, scenarioContext)
    : scenarioForSetting('GOPROXY', redactedSetting(values.GOPROXY), chain.error?.message ?? 'no checksum database URL', scenarioContext);
}

/** The context with the database reached at the chain's base URL: the network client beside the offline one. */
function onlineContext(offlineSource: ReturnType<typeof offlineSourceFor>, setting: Setting, db: NamedDatabase, chain: ChainResult,
  transport: GoTransport): AuditContext {
  const { base, policy } = setting;
  const databaseBase = chain.base!;
  base.scenarioContext.route = goRouteOf(base.values, databaseBase);
  const go = goSumdbDirs(base.values.GOPATH, base.values.GOMODCACHE);
  // Reads go with the credentials a proxy URL carries; everything shown is redacted.
  const client = connectSumdb({ verifierKey: db.verifierKey, base: databaseBase, transport, cacheDir: base.cacheDir, go, onSecurityError: reporter(base) });
  const { offlineClient } = offlineSource;
  return {
    ...offlineSource,
    database: { name: db.name, url: databaseBase.shown, via: chain.via === 'none' ? 'direct' : chain.via, treeSize: 0 },
    chain, transport, client, online: true,
    gate: new LookupGate(policy, client, offlineClient),
    latest: () => client.latest(),
    lookupLimit: () => transport.inFlightLimit(databaseBase.shown),
    giveUp: (err) => giveUpOn(transport, databaseBase.shown, err),
    setupScenario: null,
    // Cache writes wait behind the lookups; they land before the context is gone.
    close: async () => {
      await Promise.all([client.settled(), offlineClient.settled()]);
      await transport.close();
    },
  };
}
