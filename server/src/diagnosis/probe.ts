// "Probe sumdb": walk the way to the checksum database as the go command would (settings, each GOPROXY's
// /supported, the chosen base, DNS, TCP, TLS against Go's trust store, /latest and its signature, one lookup
// with its inclusion proof, and a three-way spot-check of go.sum vs database vs proxy), record every step,
// then hand the evidence to diagnose(). Every request goes through our one Transport; the whole probe is
// bounded in time. Optionally (confirmWithGo, off by default) a last step asks the go command itself, through
// diagnosis/goConfirm.ts, the only place here that runs a program. Never imports vscode; file reads go through
// `readText`.
import { existsSync, promises as fsp } from 'node:fs';
import path = require('node:path');
import { failedStep, resolveChain, ChainStep } from '../goenv/chain';
import { parseGosumdb, type GosumdbConfig } from '../goenv/gosumdb';
import { parseGoproxy, proxyModUrlText } from '../goenv/goproxy';
import type { OsEnv } from '../shared/locations';
import type { GoVar } from '../goenv/resolve';
import { SumdbSkips } from '../goenv/patterns';
import { parseGoSum, type GoSumLine } from '../parse/gosum';
import { SumdbClient, ClientOps, NotFoundError } from '../sumdb/client';
import { withoutLookupPrefix } from '../sumdb/clientErrors';
import { hashGoMod } from '../sumdb/dirhash';
import { recordLinesOf } from '../sumdb/recordText';
import { remoteReader } from '../sumdb/remote';
import type { ScheduleClock } from '../sumdb/clock';
import { endpointOf, isSocksProxy, openConnection, proxyEndpoint } from '../transport/connector';
import { createTransport, GoTransport, TransportOptions } from '../transport/http';
import { inspectTls, TlsInspection } from '../transport/inspectTls';
import { goTakesStatus } from '../transport/goStatus';
import { readLocalFile } from '../transport/localFiles';
import type { TrustStore } from '../transport/trustStore';
import { sayIn, type Say } from '../i18n';
import { goReadsCertDir, ourCertDirectory, sslCertDirValue } from './certificateTrust';
import { CertTrustPlace, DiagnosisContext, Evidence } from '../shared/evidence';
import { credentialsOf, databaseReadFailure, failureEvidence, isTlsFailure, proxyLabel, transportErrorOf } from './failureEvidence';
import { goCommandEvidence, mismatchFromGo, type GoCommandEvidence } from './goCommandEvidence';
import { goRouteOf } from './goPrediction';
import type { DatabaseBase } from '../sumdb/databaseBase';
import { sumdbMismatch } from './goMessages';
import { confirmWithGo } from './goConfirm';
import { ProbeReport, ProbeStep } from './probeReport';
import { presentedRoot } from './presentedRoot';
import { diagnose, Sample, WELL_KNOWN_SAMPLE } from './diagnose';
import { redactedSetting } from '../shared/goUrl';

export interface ProbeOptions {
  /** A directory that may hold go.mod/go.sum. */
  dir?: string;
  /** The local go command's release ($GOROOT/VERSION, "go1.19.8"): Go's wording is quoted in it until the go command itself says which ran. */
  goVersion?: string;
  /** The Go environment as goenv/resolve.ts settled it (envValues), used as is: Go's defaults live there only. */
  env: ProbeEnv;
  /** Transport settings besides env (resolver hook, explicit proxy, extra CAs, timeouts). */
  transport?: Omit<TransportOptions, 'env'>;
  /** Whole-probe budget in milliseconds (default 18 s; the probe never takes more than ~20 s). */
  budgetMs?: number;
  /** The budget's timer and every step's time: real time from the CLI and the server, a test's own in tests. */
  clock: ScheduleClock;
  /** How many go.sum module versions to spot-check (default 3). */
  spotChecks?: number;
  /** Reads a text file; undefined when absent. Defaults to the file system, capped at 16 MiB. */
  readText?: (file: string) => Promise<string | undefined>;
  /**
   * Last step: ask the go command itself to download the sample module version in a temporary module with a
   * fresh module cache, and quote its exact output. Off by default; it runs a program, so callers pass
   * `allowed: false` in untrusted workspaces (then nothing runs). A missing go adds nothing to the report.
   */
  confirmWithGo?: boolean | GoStepOptions;
  /** The language of the report's sentences (default English); Go's own texts stay as Go prints them. */
  locale?: string;
}

/**
 * Every variable resolveGoEnv settles (an empty value is what Go would see: `GOSUMDB=` in the go env file means
 * "missing GOSUMDB", not sum.golang.org), plus REQUEST_METHOD, which decides whether net/http honours HTTP_PROXY.
 */
export type ProbeEnv = Readonly<Record<GoVar, string>> & { readonly REQUEST_METHOD?: string };

export interface GoStepOptions {
  /** Default true once confirmWithGo is asked for; false: nothing runs. */
  allowed?: boolean;
  /** The go binary; default "go" from PATH. */
  goBinary?: string;
  /** At most this long (default 15 s), and never past the probe's 20-second bound. */
  timeoutMs?: number;
  /** The environment the go command starts from (PATH, HOME, ...); default process.env. */
  processEnv?: OsEnv;
  /** Aborted (the user cancelled the probe): the go command is killed and the report gains no go step. */
  signal?: AbortSignal;
}


const PROBE_TIMEOUTS = { dnsMs: 3_000, connectMs: 3_000, tlsMs: 3_000, firstByteMs: 4_000, bodyMs: 5_000 };
const DEFAULT_BUDGET_MS = 18_000;
/** The go step may run this far past the network budget: the whole probe stays under 20 s. */
const GO_STEP_GRACE_MS = 1_000;
const GO_STEP_TIMEOUT_MS = 15_000;
const MAX_GOSUM_BYTES = 16 << 20;

async function readTextFile(file: string): Promise<string | undefined> {
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile() || stat.size > MAX_GOSUM_BYTES) return undefined;
    return await fsp.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A client that starts from nothing: the probe tests the network, not our caches. */
function memoryOps(read: (p: string) => Promise<Uint8Array>): ClientOps {
  const config = new Map<string, Uint8Array>();
  return {
    readRemote: read,
    readConfig: async (f) => config.get(f),
    writeConfig: async (f, old, data) => {
      const cur = config.get(f);
      if ((cur === undefined) !== (old === undefined) || (cur && old && Buffer.compare(cur, old) !== 0)) return false;
      config.set(f, data);
      return true;
    },
    readCache: async () => undefined,
    securityError: () => undefined,
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function probe(options: ProbeOptions): Promise<ProbeReport> {
  return new ProbeRun(options).run();
}

/** The database key, and the first GOPROXY entry that is a proxy URL (the spot-check asks it for each go.mod). */
interface Settings {
  verifierKey: string;
  spotCheckProxy?: string;
}

/** What a spot-check found for one go.sum line: the database's hash or status, and the proxy's hash or why none. */
interface SpotCheckAnswers {
  dbHash?: string;
  /** The database does not know the version: its status, and its answer in Go's words ("reading URL: 404 Not Found…"). */
  dbNotFound?: { status: number; goError: string };
  proxyHash?: string;
  proxyNote: string;
}

/**
 * One probe: the steps in order, one method each, all writing to the same steps, evidence and database report;
 * a step that explains a failure ends the walk, and finish() hands the evidence to diagnose().
 */
class ProbeRun {
  private readonly clock: ScheduleClock;
  private readonly started: number;
  private readonly t: Say;
  private readonly env: ProbeEnv;
  private readonly steps: ProbeStep[] = [];
  private readonly evidence: Evidence[] = [];
  private readonly budget = new AbortController();
  private readonly budgetMs: number;
  private readonly transport: GoTransport;
  /** What the go command sends with a request: a 401 or 403 is explained by it. */
  private readonly credentialsFor = (url: string) => this.transport.credentialsFor(url);
  private readonly db: GosumdbConfig;
  private readonly dbName: string;
  private readonly ctx: DiagnosisContext;
  private readonly report: ProbeReport['database'];
  /** The go.sum lines the database is asked about (GONOSUMDB/GOPRIVATE ones are not), and the first of them. */
  private checkable: GoSumLine[] = [];
  private sample: Sample = WELL_KNOWN_SAMPLE;
  private goAsked = false;

  constructor(private readonly options: ProbeOptions) {
    this.clock = options.clock;
    this.started = this.clock.now();
    this.t = sayIn(options.locale);
    this.env = options.env;
    this.budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
    this.transport = createTransport({ ...options.transport, timeouts: { ...PROBE_TIMEOUTS, ...options.transport?.timeouts }, env: this.env });
    const { GOSUMDB, GOPROXY, GOPRIVATE, GONOSUMDB, HTTPS_PROXY, SSL_CERT_DIR } = this.env;
    this.db = parseGosumdb(GOSUMDB);
    this.dbName = this.db.kind === 'db' ? this.db.name : GOSUMDB;
    this.ctx = {
      database: this.db.kind === 'db' ? this.db.name : 'sum.golang.org', env: { GOSUMDB, GOPROXY, GONOSUMDB, GOPRIVATE, HTTPS_PROXY, SSL_CERT_DIR },
      platform: process.platform, locale: options.locale, route: goRouteOf(this.env), ...certTrustOf(SSL_CERT_DIR),
      ...(options.goVersion ? { goVersion: options.goVersion } : {}),
    };
    this.report = { name: this.dbName };
  }

  /** Whole milliseconds since `t0` on the probe's clock, as a step reports them. */
  private since(t0: number): number {
    return Math.round(this.clock.now() - t0);
  }

  async run(): Promise<ProbeReport> {
    const cancelBudget = this.clock.after(this.budgetMs, () => this.budget.abort(), true);
    await this.readGoSum();
    try {
      await this.walk();
      return await this.finish();
    } catch (err) {
      // Budget exhausted or an unexpected failure: report what we have, as blocked if nothing explains it.
      this.steps.push({ name: 'probe', target: this.dbName, ok: false, ms: this.since(this.started), detail: this.t('step.failed', { error: message(err) }) });
      if (transportErrorOf(err)) this.evidence.push(databaseReadFailure(err, { database: this.dbName, credentialsFor: this.credentialsFor }).evidence);
      return await this.finish();
    } finally {
      cancelBudget();
      await this.transport.close();
    }
  }

  /** The go.sum of DIR gives the sample for Go's error text and the modules to spot-check. */
  private async readGoSum(): Promise<void> {
    const { dir, readText } = this.options;
    const text = dir ? await (readText ?? readTextFile)(path.join(dir, 'go.sum')) : undefined;
    const lines = text ? parseGoSum(text).lines.filter((l) => l.hashOk) : [];
    const skips = new SumdbSkips(this.env);
    this.checkable = lines.filter((l) => l.isGoMod && !skips.skips(l.module));
    const first = this.checkable[0];
    if (first) this.sample = { module: first.module, version: first.version };
  }

  /** The steps in order; each one that fails has added the evidence that explains it, and the walk ends there. */
  private async walk(): Promise<void> {
    const settings = this.settings();
    if (!settings) return;
    const chosen = await this.base();
    if (!chosen) return;
    const { base, via } = chosen;
    // A file:// GOPROXY directory serves the database as files: there is no connection to make.
    const baseUrl = new URL(base.shown);
    if (baseUrl.protocol !== 'file:' && !(await this.connection(baseUrl))) return;
    const reader = remoteReader({ base, transport: this.transport, signal: this.budget.signal });
    const client = new SumdbClient(memoryOps(reader), { verifierKey: settings.verifierKey, clock: this.clock });
    if (!(await this.latest(client, base, settings.verifierKey))) return;
    const lookedUp = await this.lookup(client);
    if (lookedUp === undefined) return;
    for (const line of pickSpread(this.checkable, this.options.spotChecks ?? 3)) {
      if (this.budget.signal.aborted) break;
      await this.spotCheck(client, line.module, line.version, line.hash, settings.spotCheckProxy);
    }
    if (!this.evidence.some((e) => e.kind !== 'verified')) {
      const { sample, report } = this;
      this.evidence.unshift({ kind: 'verified', base: base.shown, via, treeSize: report.treeSize ?? 0, ...(lookedUp ? { module: `${sample.module}@${sample.version}` } : {}) });
    }
  }

  /** 1. Settings, as Go parses them; undefined when Go rejects them or the database is off. */
  private settings(): Settings | undefined {
    const { GOSUMDB, GOPROXY, GONOPROXY } = this.env;
    const db = this.db;
    const proxyList = parseGoproxy(GOPROXY, { gonoproxy: GONOPROXY });
    const settings = this.t('step.settings', { gosumdb: redactedSetting(GOSUMDB), goproxy: redactedSetting(GOPROXY) });
    // The local go command's release decides which of Go's rules (GOAUTH, .netrc, wording) we follow.
    const release = this.options.goVersion ? `; ${this.t('step.settings.release', { goVersion: this.options.goVersion })}` : '';
    this.steps.push({ name: 'settings', target: 'go env', ok: db.kind === 'db' && proxyList.ok, ms: 0, detail: settings + release });
    if (db.kind === 'error') {
      this.evidence.push({ kind: 'setting-error', variable: 'GOSUMDB', value: redactedSetting(GOSUMDB), goError: db.message });
      return undefined;
    }
    if (db.kind === 'off') {
      this.evidence.push({ kind: 'sumdb-off', value: GOSUMDB });
      return undefined;
    }
    if (!proxyList.ok) {
      this.evidence.push({ kind: 'setting-error', variable: 'GOPROXY', value: redactedSetting(GOPROXY), goError: proxyList.error });
      return undefined;
    }
    this.report.verifierKey = db.verifierKey;
    const firstProxy = proxyList.entries.find((e) => e.kind === 'proxy');
    return { verifierKey: db.verifierKey, ...(firstProxy?.kind === 'proxy' ? { spotCheckProxy: firstProxy.url } : {}) };
  }

  /** 2. The chain: which base serves the database (as Go holds it), and how it was reached; undefined when no GOPROXY entry led to one. */
  private async base(): Promise<{ base: DatabaseBase; via: string } | undefined> {
    const { GOSUMDB, GOPROXY, GONOPROXY } = this.env;
    const chain = await resolveChain({ GOSUMDB, GOPROXY, GONOPROXY }, this.transport,
      { signal: this.budget.signal, readLocal: readLocalFile, now: () => this.clock.now(), moduleSample: WELL_KNOWN_SAMPLE });
    for (const s of chain.steps) this.steps.push(chainStep(s, this.dbName, this.t));
    if (chain.error || !chain.base) {
      const failed = failedStep(chain);
      const goError = failed?.goError ?? chain.error?.message ?? '';
      this.ctx.route = goRouteOf(this.env, undefined, failed?.moduleStatus);
      if (failed?.outcome === 'unreachable' && failed.url) {
        await this.explainUnreachable(failed, failed.url, goError);
      } else if (failed?.outcome === 'http-error' && failed.url) {
        this.evidence.push({ kind: 'proxy-status', url: failed.url, status: failed.status ?? 0, goError, ...credentialsOf(failed.url, failed.status ?? 0, this.credentialsFor) });
      } else {
        this.evidence.push({ kind: 'setting-error', variable: 'GOPROXY', value: GOPROXY, goError: chain.error?.message ?? 'no base' });
      }
      return undefined;
    }
    const { base } = chain;
    this.report.base = base.shown;
    this.ctx.route = goRouteOf(this.env, base);
    const via = chain.via === 'proxy' ? `proxy ${chain.proxy}` : chain.via;
    this.report.via = via;
    this.steps.push({ name: 'base', target: base.shown, ok: true, ms: 0, detail: this.t('step.base', { base: base.shown, via }) });
    return { base, via };
  }

  /** A GOPROXY entry's /supported that failed, classified as check does; a refused certificate is inspected to name its issuer. */
  private async explainUnreachable(step: ChainStep, url: string, goError: string): Promise<void> {
    const role = 'proxy';
    const u = new URL(url);
    if (isTlsFailure(step.failure ?? '') && u.protocol === 'https:') {
      try {
        const via = this.transport.proxyFor(u).proxy ?? undefined;
        const info = await inspectTls(u.hostname, Number(u.port) || 443, { trustStore: this.transport.trustStore(), resolve: this.options.transport?.resolve, resolverEnv: this.options.transport?.resolverEnv, timeouts: this.transport.timeouts, proxy: via });
        if (!info.verified) {
          this.evidence.push(untrusted(info, role, url, u.hostname, goError));
          return;
        }
      } catch {
        // fall through to "unreachable"
      }
    }
    this.evidence.push(failureEvidence({ role, url, kind: step.failure ?? 'other', goError, phase: step.detail?.phase, detail: step.detail, goproxyEntry: step.proxy }));
  }

  /** 3. DNS, TCP (and TLS for https) to the base host; false when the database cannot be reached. */
  private async connection(url: URL): Promise<boolean> {
    const { port } = endpointOf(url);
    const proxy = this.transport.proxyFor(url).proxy ?? undefined;
    const target = `${url.hostname}:${port}`;
    const t0 = this.clock.now();
    const store = url.protocol === 'https:' ? this.transport.trustStore() : undefined;
    try {
      return store ? await this.tlsConnection(url, port, proxy, store) : await this.plainConnection(url, port, proxy);
    } catch (err) {
      this.steps.push(this.failedConnect(target, this.since(t0), err, proxy));
      if (transportErrorOf(err)) this.evidence.push(databaseReadFailure(err, { url: url.href, database: this.dbName, credentialsFor: this.credentialsFor }).evidence);
      return false;
    }
  }

  /** DNS, TCP and TLS against the trust store Go reads; false when Go would refuse the certificate. */
  private async tlsConnection(url: URL, port: number, proxy: URL | undefined, store: TrustStore): Promise<boolean> {
    const target = `${url.hostname}:${port}`;
    this.report.trustStore = store.description;
    const info = await inspectTls(url.hostname, port, { trustStore: store, resolve: this.options.transport?.resolve, resolverEnv: this.options.transport?.resolverEnv, timeouts: this.transport.timeouts, proxy });
    this.pushConnection(target, info.addresses, info.address, info.timings, proxy);
    const chain = info.chain.map((c) => `${c.subjectCN} ← ${c.issuerCN}`).join(', ');
    const anchored = info.verified ? this.t('step.tls.anchored') : this.t('step.tls.notAnchored', { reason: info.failure?.message ?? '' });
    this.steps.push({
      name: 'tls', target, ok: info.verified, ms: info.timings.tlsMs ?? 0,
      detail: this.t('step.tls', { protocol: info.protocol, alpn: info.alpn || 'none', chain, anchored, store: info.store }),
      data: { chain: info.chain, protocol: info.protocol, alpn: info.alpn, store: info.store },
    });
    if (info.verified) return true;
    const { sample } = this;
    this.evidence.push(untrusted(info, 'database', url.href, url.hostname, `Get "${this.lookupUrl(sample.module, sample.version)}": ${info.failure?.message ?? ''}`));
    return false;
  }

  /** DNS and TCP to an http base. */
  private async plainConnection(url: URL, port: number, proxy: URL | undefined): Promise<boolean> {
    const conn = await openConnection({ protocol: 'http:', hostname: url.hostname, port }, { resolve: this.options.transport?.resolve, resolverEnv: this.options.transport?.resolverEnv, timeouts: this.transport.timeouts, ca: [] }, proxy);
    conn.socket.destroy();
    this.pushConnection(`${url.hostname}:${port}`, conn.addresses, conn.address, { dnsMs: conn.timings.dns, connectMs: conn.timings.connect }, proxy);
    return true;
  }

  private pushConnection(target: string, addresses: string[], address: string, timings: { dnsMs?: number; connectMs?: number }, proxy: URL | undefined): void {
    const t = this.t;
    const host = target.slice(0, target.lastIndexOf(':'));
    this.steps.push({ name: 'dns', target: proxy ? proxy.host : host, ok: true, ms: timings.dnsMs ?? 0, detail: t('step.dns', { addresses: addresses.join(', ') }), data: { addresses } });
    const via = !proxy ? '' : `; ${isSocksProxy(proxy) ? t('step.socksProxy', { proxy: proxyLabel(proxy.href), host }) : t('step.proxy', { proxy: proxyLabel(proxy.href) })}`;
    this.steps.push({ name: 'connect', target, ok: true, ms: timings.connectMs ?? 0, detail: t('step.connect', { address, ms: timings.connectMs ?? 0 }) + via });
  }

  /** A failed connection step; through a SOCKS5 proxy it names the proxy and how far its handshake went. */
  private failedConnect(target: string, ms: number, err: unknown, proxy: URL | undefined): ProbeStep {
    const socks = transportErrorOf(err)?.detail.socks;
    if (!proxy || !socks) return { name: 'connect', target, ok: false, ms, detail: this.t('step.failed', { error: message(err) }) };
    const stage = this.t(`step.socks.${socks.stage}`, { target });
    // Until the proxy accepted us the broken hop is the proxy itself; after, it is the proxy's way to the target.
    const where = socks.stage === 'connect' && socks.reply !== undefined ? target : `${proxy.hostname}:${proxyEndpoint(proxy).port}`;
    return { name: 'connect', target: where, ok: false, ms, detail: this.t('step.socksFailed', { proxy: proxyLabel(proxy.href), stage, error: message(err) }), data: { socks } };
  }

  /** 4. /latest and its signature; false when the database could not give a signed tree. */
  private async latest(client: SumdbClient, base: DatabaseBase, verifierKey: string): Promise<boolean> {
    const latestUrl = base.shownUrl('/latest');
    try {
      const latest = await this.timed('latest', latestUrl, () => client.latest(),
        (v) => this.t('step.latest', { size: v.tree.n, key: verifierKey.split('+').slice(0, 2).join('+') }));
      this.report.treeSize = latest?.tree.n;
      return true;
    } catch (err) {
      if (err instanceof NotFoundError && err.missingLatestFile) {
        // Not a failure: Go never reads it either. The lookup's answer brings the signed head.
        const failed = this.steps.pop()!;
        this.steps.push({ ...failed, ok: true, detail: this.t('step.latest.noFile') });
        return true;
      }
      this.databaseFailure(err, latestUrl);
      return false;
    }
  }

  /** 5. One lookup with its inclusion proof: whether the sample was found; undefined when the database failed. */
  private async lookup(client: SumdbClient): Promise<boolean | undefined> {
    const { module, version } = this.sample;
    try {
      const rec = await this.timed('lookup', `${module}@${version}`, () => client.lookupRecord(module, version),
        (v) => this.t('step.lookup', { module, version, id: v.id, size: v.tree.n }), (v) => ({ lines: recordLinesOf(v.text) }));
      if (rec) this.report.treeSize = Math.max(this.report.treeSize ?? 0, rec.tree.n);
      return !!rec;
    } catch (err) {
      // A missing well-known module is not a problem of this network; anything else (a missing tile) is evidence.
      if (err instanceof NotFoundError && err.versionUnknown) return false;
      this.databaseFailure(err, this.lookupUrl(module, version));
      return undefined;
    }
  }

  /** 6. One go.sum line: go.sum vs database vs the first proxy. */
  private async spotCheck(client: SumdbClient, module: string, version: string, goSumHash: string, proxyUrl: string | undefined): Promise<void> {
    const target = `${module}@${version}/go.mod`;
    const t0 = this.clock.now();
    const answers: SpotCheckAnswers = { proxyNote: '' };
    try {
      const lines = await client.lookup(module, `${version}/go.mod`);
      answers.dbHash = lines[0]?.split(' ')[2];
    } catch (err) {
      if (!(err instanceof NotFoundError && err.versionUnknown)) {
        this.steps.push({ name: 'spotcheck', target, ok: false, ms: this.since(t0), detail: this.t('step.failed', { error: message(err) }) });
        this.databaseFailure(err, target);
        return;
      }
      answers.dbNotFound = { status: err.status, goError: withoutLookupPrefix(err.message) };
    }
    if (proxyUrl) await this.askProxy(answers, proxyModUrlText(proxyUrl, module, version));
    this.judgeSpotCheck(module, version, goSumHash, answers, this.since(t0));
  }

  /** The proxy's go.mod hash, or why there is none. */
  private async askProxy(answers: SpotCheckAnswers, url: string): Promise<void> {
    try {
      const res = await this.transport.get(url, { maxBytes: 1 << 20, signal: this.budget.signal });
      if (goTakesStatus(res.status)) answers.proxyHash = hashGoMod(res.body);
      else answers.proxyNote = `proxy ${res.status}`;
    } catch (err) {
      answers.proxyNote = message(err);
    }
  }

  /** The spot-check's step, and evidence when the database lacks the version or the three hashes disagree. */
  private judgeSpotCheck(module: string, version: string, goSumHash: string, a: SpotCheckAnswers, ms: number): void {
    const { dbHash, dbNotFound, proxyHash, proxyNote } = a;
    const target = `${module}@${version}/go.mod`;
    const data = { goSum: goSumHash, database: dbHash ?? (dbNotFound ? `HTTP ${dbNotFound.status}` : undefined), proxy: proxyHash ?? (proxyNote || undefined) };
    if (dbNotFound) {
      this.steps.push({ name: 'spotcheck', target, ok: false, ms, detail: `database: HTTP ${dbNotFound.status}; proxy: ${proxyHash ?? proxyNote}`, data });
      this.evidence.push({ kind: 'not-in-database', module, version, ...dbNotFound });
      return;
    }
    if (dbHash !== undefined && (goSumHash !== dbHash || (proxyHash !== undefined && proxyHash !== dbHash))) {
      this.steps.push({ name: 'spotcheck', target, ok: false, ms, detail: `go.sum ${goSumHash}; ${this.dbName} ${dbHash}; proxy ${proxyHash ?? proxyNote}`, data });
      this.evidence.push({
        kind: 'hash-mismatch', module, version, file: 'go.mod', goSum: goSumHash, database: dbHash, proxy: proxyHash,
        goError: sumdbMismatch(module, version, 'go.mod', proxyHash ?? goSumHash, dbHash, this.dbName),
      });
      return;
    }
    this.steps.push({
      name: 'spotcheck', target, ok: true, ms, data,
      detail: this.spotCheckAgreement({ module, version, hash: dbHash ?? '' }, proxyHash, proxyNote),
    });
  }

  /** What a spot-check that found no disagreement compared: all three, or go.sum and the database and why not the proxy. */
  private spotCheckAgreement(line: { module: string; version: string; hash: string }, proxyHash: string | undefined, proxyNote: string): string {
    if (proxyHash) return this.t('step.spotcheck.agree', line);
    return proxyNote ? this.t('step.spotcheck.noProxy', { ...line, why: proxyNote }) : this.t('step.spotcheck.noProxyUrl', line);
  }

  /** The lookup Go makes for module@version under the database's base, as the route says Go joins it. */
  private lookupUrl(module: string, version: string): string {
    return this.ctx.route!.database!.lookupUrl(module, version);
  }

  /** Database reads that failed after the connection worked. */
  private databaseFailure(err: unknown, url: string): void {
    const store = transportErrorOf(err) ? this.transport.trustStore().description : undefined;
    this.evidence.push(databaseReadFailure(err, { url, database: this.dbName, store, credentialsFor: this.credentialsFor }).evidence);
  }

  /** work() as a step named `name`: its time, and `detail` of its value or the error, which is thrown on. */
  private async timed<T>(name: string, target: string, work: () => Promise<T>, detail: (v: T) => string, data?: (v: T) => Record<string, unknown>): Promise<T> {
    const t0 = this.clock.now();
    try {
      const v = await work();
      this.steps.push({ name, target, ok: true, ms: this.since(t0), detail: detail(v), ...(data ? { data: data(v) } : {}) });
      return v;
    } catch (err) {
      this.steps.push({ name, target, ok: false, ms: this.since(t0), detail: this.t('step.failed', { error: message(err) }) });
      throw err;
    }
  }

  /** The go step when asked for (once), then the verdict. */
  private async finish(): Promise<ProbeReport> {
    const { confirmWithGo } = this.options;
    if (confirmWithGo && !this.goAsked) {
      this.goAsked = true;
      await this.goStep(confirmWithGo === true ? {} : confirmWithGo);
    }
    const d = diagnose(this.evidence, this.ctx, this.sample);
    return {
      scenario: d.scenario,
      title: d.title,
      explanation: d.explanation,
      ...(d.goError ? { goError: d.goError } : {}),
      database: this.report,
      steps: this.steps,
      evidence: this.evidence,
      fixes: d.fixes,
      ms: this.since(this.started),
    };
  }

  /**
   * The go command's own answer for the sample, compared with the verdict our checks reached. Nothing is added
   * when it may not run or there is no go; a checksum mismatch it reports becomes evidence of its own.
   */
  private async goStep(o: GoStepOptions): Promise<void> {
    const { sample, t } = this;
    const target = `go mod download -json ${sample.module}@${sample.version}`;
    const left = this.started + this.budgetMs + GO_STEP_GRACE_MS - this.clock.now();
    const c = await confirmWithGo({ env: this.env, module: sample.module, version: sample.version }, {
      allowed: o.allowed ?? true, goBinary: o.goBinary, processEnv: o.processEnv, signal: o.signal,
      timeoutMs: Math.min(o.timeoutMs ?? GO_STEP_TIMEOUT_MS, Math.max(0, left)),
    });
    if (c.reason === 'not-allowed' || c.reason === 'not-found' || c.reason === 'invalid-module' || c.reason === 'cancelled') return;
    // The error we quote is then worded as this go command words it.
    if (c.goVersion) this.ctx.goVersion = c.goVersion;
    if (!c.ran) {
      const detail = c.reason === 'no-time' ? t('step.skipped', { reason: t('step.goCommand.noTime') })
        : c.reason === 'timeout' ? t('step.goCommand.timeout', { ms: c.ms })
          : t('step.goCommand.failed', { error: c.output.trim() || String(c.exitCode) });
      this.steps.push({ name: 'go command', target, ok: false, ms: c.ms, detail });
      return;
    }
    const ev = goCommandEvidence(c, sample.module, sample.version, diagnose(this.evidence, this.ctx, sample));
    this.steps.push({
      name: 'go command', target, ok: c.exitCode === 0, ms: c.ms,
      detail: (c.reason === 'timeout' ? t('step.goCommand.timeout', { ms: c.ms }) : t('step.goCommand', { code: c.exitCode ?? '-' })) + (c.goVersion ? `; ${c.goVersion}` : ''),
      // The exact output travels once, in the go-command evidence.
      data: { exitCode: c.exitCode, ...(c.goVersion ? { goVersion: c.goVersion } : {}), ...(c.download ? { download: c.download } : {}) },
    });
    if (ev) this.addGoEvidence(ev);
  }

  /** The go command's evidence, after the checksum mismatch it reports when our go.mod spot-check could not see it. */
  private addGoEvidence(ev: GoCommandEvidence): void {
    const mismatch = mismatchFromGo(ev);
    if (mismatch && !this.evidence.some((e) => e.kind === 'hash-mismatch' && e.module === mismatch.module && e.version === mismatch.version && e.file === mismatch.file)) {
      // The go command found what our go.mod spot-check cannot see (e.g. the module zip): a disagreement.
      this.evidence.push(mismatch);
    }
    this.evidence.push(ev);
  }
}

/** What an inspected host that Go would refuse presented: who signed it, and the root a fix could trust. */
function untrusted(info: TlsInspection, role: 'database' | 'proxy', url: string, host: string, goError: string): Evidence {
  const top = info.chain[info.chain.length - 1];
  const root = presentedRoot(info);
  return {
    kind: 'tls-untrusted', role, url, host, failure: info.failure?.kind ?? 'tls-unknown-authority',
    issuer: top?.selfSigned ? top.subjectCN : (top?.issuerCN ?? ''), subject: info.chain[0]?.subjectCN ?? '', store: info.store, goError,
    ...(root ? { root } : {}),
  };
}

/**
 * Our certificate directory and the SSL_CERT_DIR that adds it to what Go reads now (`current` or the defaults that
 * exist); none when Go finds no user config dir (then no fix offers to trust a certificate from there).
 */
function certTrustOf(current: string | undefined): { certTrust?: CertTrustPlace } {
  if (!goReadsCertDir(process.platform)) return {};
  const place = ourCertDirectory(process.env, process.platform);
  if ('error' in place) return {};
  return { certTrust: { dir: place.dir, sslCertDir: sslCertDirValue(process.platform, place.dir, existsSync, current) } };
}

function chainStep(s: ChainStep, name: string, t: Say): ProbeStep {
  const target = s.url ?? s.proxy;
  const meaning = s.outcome === 'supported' ? t('step.supported.200') : s.outcome === 'not-found' || s.outcome === 'gone' ? t('step.supported.notFound') : t('step.supported.other');
  const ok = s.outcome !== 'unreachable' && s.outcome !== 'http-error';
  let detail = s.url
    ? (s.status !== undefined ? t('step.supported', { proxy: s.proxy, status: s.status, meaning }) : s.goError ?? s.outcome)
    : `${s.proxy}: https://${name}`;
  // The evidence that only the /sumdb/ path fails: the same proxy answered for a module.
  if (s.moduleStatus !== undefined) detail += ` ${t('step.supported.moduleAnswered', { proxy: s.proxy, status: s.moduleStatus })}`;
  return { name: 'supported', target, ok, ms: Math.round(s.ms), detail };
}

/** Up to n lines spread over the file (first, middle, last...), so one corner of go.sum does not stand for all. */
function pickSpread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(items[Math.floor((i * (items.length - 1)) / Math.max(1, n - 1))]);
  return [...new Set(out)];
}
