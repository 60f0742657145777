// "Probe sumdb": walk the way to the checksum database as the go command would (settings, each GOPROXY's
// /supported, the chosen base, DNS, TCP, TLS against Go's trust store, /latest and its signature, one lookup
// with its inclusion proof, and a three-way spot-check of go.sum vs database vs proxy), record every step,
// then hand the evidence to diagnose(). Every request goes through our one Transport; the whole probe is
// bounded in time. Optionally (confirmWithGo, off by default) a last step asks the go command itself, through
// diagnosis/goConfirm.ts, the only place here that runs a program. Never imports vscode; file reads go through
// `readText`.
import { existsSync, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveChain, ChainStep } from '../goenv/chain';
import { parseGosumdb } from '../goenv/gosumdb';
import { parseGoproxy } from '../goenv/goproxy';
import type { OsEnv } from '../goenv/locations';
import type { GoVar } from '../goenv/resolve';
import { skipsSumdb } from '../goenv/patterns';
import { parseGoSum } from '../parse/gosum';
import { escapePath, escapeVersion } from '../parse/module';
import { SumdbClient, ClientOps, NotFoundError, RemoteStatusError, VerificationError, SecurityError } from '../sumdb/client';
import { hashGoMod } from '../sumdb/dirhash';
import { remoteReader } from '../sumdb/remote';
import { endpointOf, isSocksProxy, openConnection, proxyEndpoint } from '../transport/connector';
import { createTransport, GoTransport, TransportOptions } from '../transport/http';
import { inspectTls, TlsInspection } from '../transport/inspectTls';
import { sayIn, type Say } from '../i18n';
import { goReadsCertDir, ourCertDirectory, sslCertDirValue } from './certificateTrust';
import { CertTrustPlace, DiagnosisContext, Evidence } from './evidence';
import { failureEvidence, isForeignBody, isTlsFailure, malformedAnswerEvidence, proxyLabel, seenFailure, transportErrorOf } from './failureEvidence';
import { goCommandEvidence, mismatchFromGo } from './goCommandEvidence';
import { goRouteOf } from './goPrediction';
import { sumdbMismatch } from './goMessages';
import { confirmWithGo } from './goConfirm';
import { ProbeReport, ProbeStep } from './probeReport';
import { presentedRoot } from './presentedRoot';
import { diagnose, Sample } from './diagnose';

export interface ProbeOptions {
  /** A directory that may hold go.mod/go.sum. */
  dir?: string;
  /** The Go environment as goenv/resolve.ts settled it (envValues), used as is: Go's defaults live there only. */
  env: ProbeEnv;
  /** Transport settings besides env (resolver hook, explicit proxy, extra CAs, timeouts). */
  transport?: Omit<TransportOptions, 'env'>;
  /** Whole-probe budget in milliseconds (default 18 s; the probe never takes more than ~20 s). */
  budgetMs?: number;
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

/** A module version every public database knows, used when DIR has no go.sum. */
export const WELL_KNOWN_SAMPLE: Sample = { module: 'golang.org/x/text', version: 'v0.14.0' };

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
  const started = Date.now();
  const t = sayIn(options.locale);
  const env = options.env;
  const steps: ProbeStep[] = [];
  const evidence: Evidence[] = [];
  const budget = new AbortController();
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const budgetTimer = setTimeout(() => budget.abort(), budgetMs);
  budgetTimer.unref?.();
  const transport: GoTransport = createTransport({
    ...options.transport,
    timeouts: { ...PROBE_TIMEOUTS, ...options.transport?.timeouts },
    env,
  });
  const { GOSUMDB, GOPROXY, GOPRIVATE, GONOSUMDB, GONOPROXY, HTTPS_PROXY } = env;
  const db = parseGosumdb(GOSUMDB);
  const dbName = db.kind === 'db' ? db.name : GOSUMDB;
  const ctx: DiagnosisContext = {
    database: db.kind === 'db' ? db.name : 'sum.golang.org', env: { GOSUMDB, GOPROXY, GONOSUMDB, GOPRIVATE, HTTPS_PROXY, SSL_CERT_DIR: env.SSL_CERT_DIR },
    platform: process.platform, locale: options.locale, route: goRouteOf(env), ...(goReadsCertDir(process.platform) ? { certTrust: certTrustPlace(env.SSL_CERT_DIR) } : {}),
  };
  const report: ProbeReport['database'] = { name: dbName };
  let goAsked = false;
  const timed = async <T>(name: string, target: string, work: () => Promise<T>, detail: (v: T) => string, data?: (v: T) => Record<string, unknown>): Promise<T | undefined> => {
    const t0 = Date.now();
    try {
      const v = await work();
      steps.push({ name, target, ok: true, ms: Date.now() - t0, detail: detail(v), ...(data ? { data: data(v) } : {}) });
      return v;
    } catch (err) {
      steps.push({ name, target, ok: false, ms: Date.now() - t0, detail: t('step.failed', { error: message(err) }) });
      throw err;
    }
  };

  // The go.sum of DIR gives the sample for Go's error text and the modules to spot-check.
  const goSumText = options.dir ? await (options.readText ?? readTextFile)(path.join(options.dir, 'go.sum')) : undefined;
  const goSumLines = goSumText ? parseGoSum(goSumText).lines.filter((l) => l.hashOk) : [];
  const patternEnv = { GONOSUMDB, GONOPROXY, GOPRIVATE, GOSUMDB };
  const checkable = goSumLines.filter((l) => l.isGoMod && !skipsSumdb(l.module, patternEnv));
  const sample: Sample = checkable[0] ? { module: checkable[0].module, version: checkable[0].version } : WELL_KNOWN_SAMPLE;

  try {
    // 1. Settings, as Go parses them.
    const proxyList = parseGoproxy(GOPROXY, { gonoproxy: GONOPROXY });
    const settingsOk = db.kind === 'db' && proxyList.ok;
    steps.push({ name: 'settings', target: 'go env', ok: settingsOk, ms: 0, detail: t('step.settings', { gosumdb: GOSUMDB, goproxy: GOPROXY }) });
    if (db.kind === 'error') {
      evidence.push({ kind: 'setting-error', variable: 'GOSUMDB', value: GOSUMDB, goError: db.message });
      return await finish();
    }
    if (db.kind === 'off') {
      evidence.push({ kind: 'sumdb-off', value: GOSUMDB });
      return await finish();
    }
    if (!proxyList.ok) {
      evidence.push({ kind: 'setting-error', variable: 'GOPROXY', value: GOPROXY, goError: proxyList.error });
      return await finish();
    }
    report.verifierKey = db.verifierKey;

    // 2. The chain: which base serves the database.
    const chain = await resolveChain({ GOSUMDB, GOPROXY, GONOPROXY }, transport, { signal: budget.signal });
    for (const s of chain.steps) steps.push(chainStep(s, dbName, t));
    if (chain.error || !chain.baseUrl) {
      const failed = chain.steps.find((s) => s.outcome === 'unreachable' || s.outcome === 'http-error');
      if (failed?.outcome === 'unreachable' && failed.url) {
        await explainUnreachable(failed, failed.url, failed.goError ?? chain.error?.message ?? '');
      } else if (failed?.outcome === 'http-error' && failed.url) {
        evidence.push({ kind: 'proxy-status', url: failed.url, status: failed.status ?? 0, goError: failed.goError ?? chain.error?.message ?? '' });
      } else {
        evidence.push({ kind: 'setting-error', variable: 'GOPROXY', value: GOPROXY, goError: chain.error?.message ?? 'no base' });
      }
      return await finish();
    }
    const base = chain.baseUrl;
    report.base = base;
    ctx.route = goRouteOf(env, base);
    report.via = chain.via === 'proxy' ? `proxy ${chain.proxy}` : chain.via;
    steps.push({ name: 'base', target: base, ok: true, ms: 0, detail: t('step.base', { base, via: report.via }) });

    // 3. DNS, TCP and TLS to the base host.
    const baseUrl = new URL(base);
    const { port } = endpointOf(baseUrl);
    const proxy = transport.proxyFor(baseUrl).proxy ?? undefined;
    if (!(await connectionSteps(baseUrl, port, proxy))) return await finish();

    // 4. /latest and its signature; 5. one lookup with its inclusion proof.
    const read = remoteReader({ baseUrl: base, transport, signal: budget.signal });
    const client = new SumdbClient(memoryOps(read), { verifierKey: db.verifierKey });
    try {
      const latest = await timed('latest', `${base}/latest`, () => client.latest(), (v) => t('step.latest', { size: v.tree.n, key: db.verifierKey.split('+').slice(0, 2).join('+') }));
      report.treeSize = latest?.tree.n;
    } catch (err) {
      databaseFailure(err, `${base}/latest`);
      return await finish();
    }
    let lookedUp = false;
    try {
      const rec = await timed('lookup', `${sample.module}@${sample.version}`, () => client.lookupRecord(sample.module, sample.version),
        (v) => t('step.lookup', { module: sample.module, version: sample.version, id: v.id, size: v.tree.n }), (v) => ({ lines: v.recordLines }));
      lookedUp = !!rec;
    } catch (err) {
      // A missing well-known module is not a problem of this network; anything else is evidence.
      if (!(err instanceof NotFoundError)) {
        databaseFailure(err, `${base}/lookup/${sample.module}@${sample.version}`);
        return await finish();
      }
    }

    // 6. Spot-check go.sum vs database vs the first proxy.
    const firstProxy = proxyList.entries.find((e) => e.kind === 'proxy');
    const picks = pickSpread(checkable, options.spotChecks ?? 3);
    for (const line of picks) {
      if (budget.signal.aborted) break;
      await spotCheck(client, line.module, line.version, line.hash, firstProxy?.kind === 'proxy' ? firstProxy.url : undefined);
    }
    if (!evidence.some((e) => e.kind !== 'verified')) {
      evidence.unshift({ kind: 'verified', base, via: report.via, treeSize: report.treeSize ?? 0, ...(lookedUp ? { module: `${sample.module}@${sample.version}` } : {}) });
    }
    return await finish();
  } catch (err) {
    // Budget exhausted or an unexpected failure: report what we have, as blocked if nothing explains it.
    steps.push({ name: 'probe', target: dbName, ok: false, ms: Date.now() - started, detail: t('step.failed', { error: message(err) }) });
    const te = transportErrorOf(err);
    if (te) evidence.push(failureEvidence(seenFailure(te, 'database')));
    return await finish();
  } finally {
    clearTimeout(budgetTimer);
    await transport.close();
  }

  async function finish(): Promise<ProbeReport> {
    if (options.confirmWithGo && !goAsked) {
      goAsked = true;
      await goStep(options.confirmWithGo === true ? {} : options.confirmWithGo);
    }
    const d = diagnose(evidence, ctx, sample);
    return {
      scenario: d.scenario,
      title: d.title,
      explanation: d.explanation,
      ...(d.goError ? { goError: d.goError } : {}),
      database: report,
      steps,
      evidence,
      fixes: d.fixes,
      ms: Date.now() - started,
    };
  }

  /**
   * The go command's own answer for the sample, compared with the verdict our checks reached. Nothing is added
   * when it may not run or there is no go; a checksum mismatch it reports becomes evidence of its own.
   */
  async function goStep(o: GoStepOptions): Promise<void> {
    const target = `go mod download -json ${sample.module}@${sample.version}`;
    const left = started + budgetMs + GO_STEP_GRACE_MS - Date.now();
    const c = await confirmWithGo({ env, module: sample.module, version: sample.version }, {
      allowed: o.allowed ?? true, goBinary: o.goBinary, processEnv: o.processEnv, signal: o.signal,
      timeoutMs: Math.min(o.timeoutMs ?? GO_STEP_TIMEOUT_MS, Math.max(0, left)),
    });
    if (c.reason === 'not-allowed' || c.reason === 'not-found' || c.reason === 'invalid-module' || c.reason === 'cancelled') return;
    const version = c.goVersion ? `; ${c.goVersion}` : '';
    // The error we quote is then worded as this go command words it.
    if (c.goVersion) ctx.goVersion = c.goVersion;
    if (!c.ran) {
      const detail = c.reason === 'no-time' ? t('step.skipped', { reason: t('step.goCommand.noTime') })
        : c.reason === 'timeout' ? t('step.goCommand.timeout', { ms: c.ms })
          : t('step.goCommand.failed', { error: c.output.trim() || String(c.exitCode) });
      steps.push({ name: 'go command', target, ok: false, ms: c.ms, detail });
      return;
    }
    const ours = diagnose(evidence, ctx, sample);
    const ev = goCommandEvidence(c, sample.module, sample.version, ours);
    steps.push({
      name: 'go command', target, ok: c.exitCode === 0, ms: c.ms,
      detail: (c.reason === 'timeout' ? t('step.goCommand.timeout', { ms: c.ms }) : t('step.goCommand', { code: c.exitCode ?? '-' })) + version,
      // The exact output travels once, in the go-command evidence.
      data: { exitCode: c.exitCode, ...(c.goVersion ? { goVersion: c.goVersion } : {}), ...(c.download ? { download: c.download } : {}) },
    });
    if (!ev) return;
    const mismatch = mismatchFromGo(ev);
    if (mismatch && !evidence.some((e) => e.kind === 'hash-mismatch' && e.module === mismatch.module && e.version === mismatch.version && e.file === mismatch.file)) {
      // The go command found what our go.mod spot-check cannot see (e.g. the module zip): a disagreement.
      evidence.push(mismatch);
    }
    evidence.push(ev);
  }

  /** DNS, TCP (and TLS for https) to the base host; false when the database cannot be reached. */
  async function connectionSteps(url: URL, port: number, proxy: URL | undefined): Promise<boolean> {
    const target = `${url.hostname}:${port}`;
    const t0 = Date.now();
    if (url.protocol === 'https:') {
      const store = transport.trustStore();
      report.trustStore = store.description;
      let info: TlsInspection;
      try {
        info = await inspectTls(url.hostname, port, { trustStore: store, resolve: options.transport?.resolve, timeouts: transport.timeouts, proxy });
      } catch (err) {
        steps.push(failedConnect(target, Date.now() - t0, err, proxy));
        const te = transportErrorOf(err);
        if (te) evidence.push(failureEvidence(seenFailure(te, 'database', url.href)));
        return false;
      }
      pushConnection(target, info.addresses, info.address, info.timings, proxy);
      const chain = info.chain.map((c) => `${c.subjectCN} ← ${c.issuerCN}`).join(', ');
      const anchored = info.verified ? t('step.tls.anchored') : t('step.tls.notAnchored', { reason: info.failure?.message ?? '' });
      steps.push({
        name: 'tls', target, ok: info.verified, ms: info.timings.tlsMs ?? 0,
        detail: t('step.tls', { protocol: info.protocol, alpn: info.alpn || 'none', chain, anchored, store: info.store }),
        data: { chain: info.chain, protocol: info.protocol, alpn: info.alpn, store: info.store },
      });
      if (!info.verified) {
        evidence.push(untrusted(info, 'database', url.href, url.hostname, `Get "${url.origin}/lookup/${sample.module}@${sample.version}": ${info.failure?.message ?? ''}`));
        return false;
      }
      return true;
    }
    try {
      const conn = await openConnection({ protocol: 'http:', hostname: url.hostname, port }, { resolve: options.transport?.resolve, timeouts: transport.timeouts, ca: [] }, proxy);
      conn.socket.destroy();
      pushConnection(target, conn.addresses, conn.address, { dnsMs: conn.timings.dns, connectMs: conn.timings.connect }, proxy);
      return true;
    } catch (err) {
      steps.push(failedConnect(target, Date.now() - t0, err, proxy));
      const te = transportErrorOf(err);
      if (te) evidence.push(failureEvidence(seenFailure(te, 'database', url.href)));
      return false;
    }
  }

  function pushConnection(target: string, addresses: string[], address: string, timings: { dnsMs?: number; connectMs?: number; proxyMs?: number }, proxy: URL | undefined): void {
    const host = target.slice(0, target.lastIndexOf(':'));
    steps.push({ name: 'dns', target: proxy ? proxy.host : host, ok: true, ms: timings.dnsMs ?? 0, detail: t('step.dns', { addresses: addresses.join(', ') }), data: { addresses } });
    const via = !proxy ? '' : `; ${isSocksProxy(proxy) ? t('step.socksProxy', { proxy: proxyLabel(proxy.href), host }) : t('step.proxy', { proxy: proxyLabel(proxy.href) })}`;
    steps.push({ name: 'connect', target, ok: true, ms: timings.connectMs ?? 0, detail: t('step.connect', { address, ms: timings.connectMs ?? 0 }) + via });
  }

  /** A failed connection step; through a SOCKS5 proxy it names the proxy and how far its handshake went. */
  function failedConnect(target: string, ms: number, err: unknown, proxy: URL | undefined): ProbeStep {
    const socks = transportErrorOf(err)?.detail.socks;
    if (!proxy || !socks) return { name: 'connect', target, ok: false, ms, detail: t('step.failed', { error: message(err) }) };
    const stage = t(`step.socks.${socks.stage}`, { target });
    // Until the proxy accepted us the broken hop is the proxy itself; after, it is the proxy's way to the target.
    const where = socks.stage === 'connect' && socks.reply !== undefined ? target : `${proxy.hostname}:${proxyEndpoint(proxy).port}`;
    return { name: 'connect', target: where, ok: false, ms, detail: t('step.socksFailed', { proxy: proxyLabel(proxy.href), stage, error: message(err) }), data: { socks } };
  }

  /** Database reads that failed after the connection worked. */
  function databaseFailure(err: unknown, url: string): void {
    const te = transportErrorOf(err);
    if (te) {
      evidence.push(failureEvidence(seenFailure(te, 'database', url, transport.trustStore().description)));
    } else if (err instanceof VerificationError && isForeignBody(err.kind)) {
      evidence.push(malformedAnswerEvidence(url, err.kind, err.message));
    } else if (err instanceof VerificationError && (err.kind === 'unverified-note' || err.kind === 'bad-signature')) {
      evidence.push({ kind: 'signature', verification: err.kind, name: dbName, goError: err.message });
    } else if (err instanceof SecurityError) {
      evidence.push({ kind: 'security', goError: err.message });
    } else if (err instanceof RemoteStatusError || err instanceof NotFoundError) {
      evidence.push({ kind: 'database-status', url: err.url, status: err.status, goError: err.message });
    } else if (err instanceof VerificationError) {
      evidence.push({ kind: 'security', goError: err.message });
    } else {
      evidence.push({ kind: 'unreachable', role: 'database', url, failure: 'other', goError: message(err) });
    }
  }

  async function spotCheck(client: SumdbClient, module: string, version: string, goSumHash: string, proxyUrl: string | undefined): Promise<void> {
    const target = `${module}@${version}/go.mod`;
    const t0 = Date.now();
    let dbHash: string | undefined;
    let dbStatus: number | undefined;
    try {
      const lines = await client.lookup(module, `${version}/go.mod`);
      dbHash = lines[0]?.split(' ')[2];
    } catch (err) {
      if (err instanceof NotFoundError) dbStatus = err.status;
      else {
        steps.push({ name: 'spotcheck', target, ok: false, ms: Date.now() - t0, detail: t('step.failed', { error: message(err) }) });
        databaseFailure(err, target);
        return;
      }
    }
    let proxyHash: string | undefined;
    let proxyNote = '';
    if (proxyUrl) {
      const url = `${proxyUrl.replace(/\/+$/, '')}/${escapePath(module)}/@v/${escapeVersion(version)}.mod`;
      try {
        const res = await transport.get(url, { maxBytes: 1 << 20, signal: budget.signal });
        if (res.status === 200) proxyHash = hashGoMod(res.body);
        else proxyNote = `proxy ${res.status}`;
      } catch (err) {
        proxyNote = message(err);
      }
    }
    const data = { goSum: goSumHash, database: dbHash ?? (dbStatus ? `HTTP ${dbStatus}` : undefined), proxy: proxyHash ?? (proxyNote || undefined) };
    if (dbStatus !== undefined) {
      steps.push({ name: 'spotcheck', target, ok: false, ms: Date.now() - t0, detail: `database: HTTP ${dbStatus}; proxy: ${proxyHash ?? proxyNote}`, data });
      evidence.push({ kind: 'not-in-database', module, version, status: dbStatus, goError: `reading ${new URL(report.base!).href.replace(/\/$/, '')}/lookup/${module}@${version}: ${dbStatus} ${dbStatus === 410 ? 'Gone' : 'Not Found'}` });
      return;
    }
    const disagree = (dbHash !== undefined && goSumHash !== dbHash) || (proxyHash !== undefined && dbHash !== undefined && proxyHash !== dbHash);
    if (disagree) {
      steps.push({ name: 'spotcheck', target, ok: false, ms: Date.now() - t0, detail: `go.sum ${goSumHash}; ${dbName} ${dbHash}; proxy ${proxyHash ?? proxyNote}`, data });
      const downloaded = proxyHash ?? goSumHash;
      evidence.push({
        kind: 'hash-mismatch', module, version, file: 'go.mod', goSum: goSumHash, database: dbHash, proxy: proxyHash,
        goError: sumdbMismatch(module, version, 'go.mod', downloaded, dbHash!, dbName), // disagree implies dbHash
      });
      return;
    }
    steps.push({
      name: 'spotcheck', target, ok: true, ms: Date.now() - t0, data,
      detail: proxyHash ? t('step.spotcheck.agree', { module, version, hash: dbHash ?? '' }) : t('step.spotcheck.noGoSum', { module, version, hash: dbHash ?? '' }) + (proxyNote ? ` (${proxyNote})` : ''),
    });
  }

  /** A GOPROXY entry's /supported that failed, classified as check does; a refused certificate is inspected to name its issuer. */
  async function explainUnreachable(step: ChainStep, url: string, goError: string): Promise<void> {
    const role = 'proxy';
    const u = new URL(url);
    if (isTlsFailure(step.failure ?? '') && u.protocol === 'https:') {
      try {
        const via = transport.proxyFor(u).proxy ?? undefined;
        const info = await inspectTls(u.hostname, Number(u.port) || 443, { trustStore: transport.trustStore(), resolve: options.transport?.resolve, timeouts: transport.timeouts, proxy: via });
        if (!info.verified) {
          evidence.push(untrusted(info, role, url, u.hostname, goError));
          return;
        }
      } catch {
        // fall through to "unreachable"
      }
    }
    evidence.push(failureEvidence({ role, url, kind: step.failure ?? 'other', goError, phase: step.detail?.phase, detail: step.detail, goproxyEntry: step.proxy }));
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

/** Our certificate directory and the SSL_CERT_DIR that adds it to what Go reads now (`current` or the defaults that exist). */
function certTrustPlace(current: string | undefined): CertTrustPlace {
  const dir = ourCertDirectory(process.env, os.homedir(), process.platform);
  return { dir, sslCertDir: sslCertDirValue(process.platform, dir, existsSync, current) };
}

function chainStep(s: ChainStep, name: string, t: Say): ProbeStep {
  const target = s.url ?? s.proxy;
  const meaning = s.outcome === 'supported' ? t('step.supported.200') : s.outcome === 'not-found' || s.outcome === 'gone' ? t('step.supported.notFound') : t('step.supported.other');
  const ok = s.outcome !== 'unreachable' && s.outcome !== 'http-error';
  const detail = s.url
    ? (s.status !== undefined ? t('step.supported', { proxy: s.proxy, status: s.status, meaning }) : s.goError ?? s.outcome)
    : `${s.proxy}: https://${name}`;
  return { name: 'supported', target, ok, ms: Math.round(s.ms), detail };
}

/** Up to n lines spread over the file (first, middle, last...), so one corner of go.sum does not stand for all. */
function pickSpread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(items[Math.floor((i * (items.length - 1)) / Math.max(1, n - 1))]);
  return [...new Set(out)];
}
