// From evidence to ONE verdict (ok | blocked | tls-intercepted | misconfigured | disagreement), with an
// explanation, ordered fixes and the go command's error text the user most likely saw. Settings are judged
// first (nothing else matters when Go rejects them), then TLS (it explains unreachability), then reachability,
// then agreement. Pure: no I/O, never imports vscode.
import { KNOWN_GOSUMDB } from '../goenv/gosumdb';
import { sayIn, type MessageKey, type Say } from '../i18n';
import { hostOf } from '../transport/urlHost';
import { whileReading } from '../transport/failure';
import { answerText } from './answerText';
import { credentialsAdvice } from './credentials';
import { Diagnosis, DiagnosisContext, Evidence, type ForeignAnswer } from '../shared/evidence';
import { blockedFixes, disagreementFixes, keyFixes, mirrorFixes, proxyRefusalFixes, settingFixes, sumdbOnFixes, sumdbPathFixes, tlsFixes } from './fixes';
import { MALFORMED_RECORD, verifyingGoMod, verifyingGoModSetting } from './goMessages';
import { databaseBaseOf, goFailureOf, goStepOf, predictGoError, predictGoStatusError, WHOLE_PROXY_REFUSALS } from './goPrediction';

/** The module version the go command would have been verifying when it failed (for quoting its error). */
export interface Sample {
  module: string;
  version: string;
}

/** A module version every module proxy holds: Go's error is quoted for it when no go.sum gives one. */
export const WELL_KNOWN_SAMPLE: Sample = { module: 'golang.org/x/text', version: 'v0.14.0' };

type Of<K extends Evidence['kind']> = Extract<Evidence, { kind: K }>;

function first<K extends Evidence['kind']>(evidence: Evidence[], ...kinds: K[]): Of<K> | undefined {
  return evidence.find((e): e is Of<K> => (kinds as string[]).includes(e.kind));
}

export function diagnose(evidence: Evidence[], ctx: DiagnosisContext, sample: Sample = WELL_KNOWN_SAMPLE): Diagnosis {
  const signature = first(evidence, 'signature');
  const misconfigured = settingDiagnosis(evidence, signature, ctx, sample);
  if (misconfigured) return misconfigured;
  const tls = first(evidence, 'tls-untrusted');
  if (tls) return tlsDiagnosis(tls, ctx, sample);
  const foreign = first(evidence, 'foreign-answer');
  if (foreign) return foreignDiagnosis(foreign, ctx, sample);
  const blocked = first(evidence, 'unreachable', 'proxy-status', 'database-status');
  if (blocked) return blockedDiagnosis(blocked, ctx, sample);
  const disagreement = first(evidence, 'security', 'not-in-database', 'hash-mismatch') ?? signature;
  if (disagreement) return disagreementDiagnosis(disagreement, ctx, sample);
  const t = sayIn(ctx.locale);
  const ok = first(evidence, 'verified');
  if (ok) {
    return {
      scenario: 'ok',
      title: t('verdict.ok.title', { database: ctx.database, base: ok.base }),
      explanation: t('verdict.ok.explanation', { via: ok.via }),
      fixes: [],
      deciding: [ok],
    };
  }
  // Nothing answered and nothing failed in a way we could name: the database was not reached.
  return {
    scenario: 'blocked',
    title: t('verdict.blocked.title', { database: ctx.database }),
    explanation: t('verdict.blocked.explanation', { target: ctx.database, failure: 'other', reason: 'no answer' }),
    fixes: blockedFixes(ctx),
    deciding: [],
  };
}

/** Settings Go rejects, a key that does not verify the note, GOSUMDB=off: judged first, nothing else matters. */
function settingDiagnosis(evidence: Evidence[], signature: Of<'signature'> | undefined, ctx: DiagnosisContext, sample: Sample): Diagnosis | undefined {
  const t = sayIn(ctx.locale);
  const setting = first(evidence, 'setting-error');
  if (setting) {
    return {
      scenario: 'misconfigured',
      title: t('verdict.misconfigured.title', { variable: setting.variable }),
      explanation: t('verdict.misconfigured.explanation', { variable: setting.variable, value: setting.value, goError: setting.goError }),
      fixes: settingFixes(setting, ctx.locale),
      goError: setting.request ? predictedRefusal(setting.request, setting.goError, ctx, sample) : verifyingGoModSetting(sample.module, sample.version, setting.goError),
      deciding: [setting],
    };
  }
  if (signature && signature.verification === 'unverified-note') {
    return {
      scenario: 'misconfigured',
      title: t('verdict.misconfigured.title', { variable: 'GOSUMDB' }),
      explanation: t('verdict.misconfigured.key', { name: signature.name, goError: firstLine(signature.goError) }),
      fixes: keyFixes(signature.name, KNOWN_GOSUMDB[signature.name], ctx.locale),
      goError: verifyingGoMod(sample.module, sample.version, signature.goError),
      deciding: [signature],
    };
  }
  const off = first(evidence, 'sumdb-off');
  if (!off) return undefined;
  return {
    scenario: 'misconfigured',
    title: t('verdict.misconfigured.title', { variable: 'GOSUMDB' }),
    explanation: t('verdict.misconfigured.sumdbOff'),
    fixes: sumdbOnFixes(ctx.locale),
    deciding: [off],
  };
}

/** A certificate Go does not trust: it explains why the database looks unreachable. */
function tlsDiagnosis(tls: Of<'tls-untrusted'>, ctx: DiagnosisContext, sample: Sample): Diagnosis {
  const t = sayIn(ctx.locale);
  return {
    scenario: 'tls-intercepted',
    title: t('verdict.tls.title', { host: tls.host, issuer: tls.issuer }),
    explanation: t('verdict.tls.explanation', { host: tls.host, subject: tls.subject, issuer: tls.issuer, store: tls.store }),
    fixes: tlsFixes(tls, ctx),
    goError: predictedGoError(tls, ctx, sample),
    deciding: [tls],
  };
}

/** The database and the proxy (or go.sum) tell different stories, or a signature was in doubt. */
function disagreementDiagnosis(ev: Of<'security' | 'not-in-database' | 'hash-mismatch' | 'signature'>, ctx: DiagnosisContext, sample: Sample): Diagnosis {
  const t = sayIn(ctx.locale);
  return {
    scenario: 'disagreement',
    title: t('verdict.disagreement.title', { module: 'module' in ev ? ev.module : sample.module, version: 'version' in ev ? ev.version : sample.version }),
    explanation: disagreementText(ev, t),
    fixes: disagreementFixes(ctx, ev),
    goError: ev.kind === 'hash-mismatch' || ev.kind === 'security' ? ev.goError : 'goError' in ev ? verifyingGoMod(sample.module, sample.version, ev.goError) : undefined,
    deciding: [ev],
  };
}

/**
 * Answers whose likely cause is not a portal: no TLS where HTTPS was asked is most often the URL's port or scheme;
 * a gzip body that does not decompress, something in between that rewrites answers.
 */
const FOREIGN_EXPLANATION: Partial<Record<ForeignAnswer['form'], MessageKey>> = { 'not-tls': 'verdict.foreign.notTls', 'bad-gzip': 'verdict.foreign.badGzip' };

/** Something answered in the database's place with what Go rejects: say what it was. */
function foreignDiagnosis(foreign: Of<'foreign-answer'>, ctx: DiagnosisContext, sample: Sample): Diagnosis {
  const t = sayIn(ctx.locale);
  const what = answerText(foreign.answer, ctx.locale);
  if (stoppedSumdbPath(foreign, ctx)) return sumdbPathDiagnosis(foreign, what, firstLine(stripGet(foreign.goError)), ctx, predictedAnswerError(foreign, ctx, sample));
  return {
    scenario: 'blocked',
    title: t('verdict.foreign.title', { database: ctx.database }),
    explanation: t(FOREIGN_EXPLANATION[foreign.answer.form] ?? 'verdict.foreign.explanation',
      { url: foreign.url, what, reason: firstLine(stripGet(foreign.goError)), host: hostOf(foreign.url) }),
    fixes: blockedFixes(ctx),
    goError: predictedAnswerError(foreign, ctx, sample),
    deciding: [foreign],
  };
}

/** Nothing usable answered; an HTTP proxy's refusal is named with its address and status, a 401 or 403 by the credentials sent. */
function blockedDiagnosis(blocked: Of<'unreachable' | 'proxy-status' | 'database-status'>, ctx: DiagnosisContext, sample: Sample): Diagnosis {
  if (blocked.kind === 'database-status' && blocked.missingTile) return missingTileDiagnosis(blocked, ctx, sample);
  const t = sayIn(ctx.locale);
  // A 401 or 403 over HTTPS: told by the credentials the go command sends there.
  const credentials = blocked.kind !== 'unreachable' && blocked.credentials && credentialsAdvice(blocked.url, blocked.status, blocked.credentials, t);
  if (credentials) return { scenario: 'blocked', ...credentials, goError: predictedStatusError(blocked, ctx, sample), deciding: [blocked] };
  const failure = blocked.kind === 'unreachable' ? blocked.failure + (blocked.phase ? ` (${blocked.phase})` : '') : `HTTP ${blocked.status}`;
  const refusal = blocked.kind === 'unreachable' ? blocked.refusedBy : undefined;
  const reason = firstLine(stripGet(blocked.goError));
  if (blocked.kind === 'unreachable' && !refusal && stoppedSumdbPath(blocked, ctx)) {
    return sumdbPathDiagnosis(blocked, failure, reason, ctx, predictedGoError(blocked, ctx, sample));
  }
  return {
    scenario: 'blocked',
    title: t('verdict.blocked.title', { database: ctx.database }),
    explanation: refusal
      ? t('verdict.blocked.proxyRefused', { proxy: refusal.proxy, status: refusal.status, target: refusal.target, reason })
      : t('verdict.blocked.explanation', { target: blocked.url, failure, reason }),
    fixes: refusal ? proxyRefusalFixes(ctx, refusal) : blockedFixes(ctx, blocked),
    goError: blocked.kind === 'unreachable' ? predictedGoError(blocked, ctx, sample) : predictedStatusError(blocked, ctx, sample),
    deciding: [blocked],
  };
}

/** The module proxy's own /sumdb/ path failed while the proxy served a module's .mod (goPrediction.ts GoRoute). */
function stoppedSumdbPath(ev: { role: 'database' | 'proxy'; url: string }, ctx: DiagnosisContext): boolean {
  return ev.role === 'proxy' && ctx.route?.modulesServed === true && goStepOf('proxy', ev.url, ctx.route) === 'supported' && /\/sumdb\//.test(ev.url);
}

/** A GOPROXY that serves modules while something on the way stops its /sumdb/ paths (a filter on the URL). */
function sumdbPathDiagnosis(ev: Of<'unreachable' | 'foreign-answer'>, failure: string, reason: string, ctx: DiagnosisContext, goError: string): Diagnosis {
  const t = sayIn(ctx.locale);
  const proxy = (ev.kind === 'unreachable' ? ev.proxy : undefined) ?? ev.url.replace(/\/sumdb\/.*$/, '');
  return {
    scenario: 'blocked',
    title: t('verdict.blocked.sumdbPath.title', { proxy, database: ctx.database }),
    explanation: t('verdict.blocked.sumdbPath.explanation', { target: ev.url, failure, reason }),
    fixes: sumdbPathFixes(ctx, ev.url, proxy, reason),
    goError,
    deciding: [ev],
  };
}

/**
 * The database (or the mirror serving it) answered the lookup but not a tile proving the record: reachable, but
 * incomplete. No proxy setting helps; another server of the database does.
 */
function missingTileDiagnosis(ev: Of<'database-status'>, ctx: DiagnosisContext, sample: Sample): Diagnosis {
  const t = sayIn(ctx.locale);
  return {
    scenario: 'blocked',
    title: t('verdict.blocked.missingTile.title', { database: ctx.database }),
    explanation: t('verdict.blocked.missingTile.explanation', { url: ev.url, status: ev.status, base: ctx.route?.database?.shown ?? databaseBaseOf(ev.url) }),
    fixes: mirrorFixes(ctx),
    goError: predictedStatusError(ev, ctx, sample),
    deciding: [ev],
  };
}


/**
 * What the go command prints when a proxy or the database answers it with an error status (goPrediction.ts). A
 * proxy that wants credentials refuses Go's first request, the module's .mod; one that answers its /sumdb/ path
 * with another status (500: "this proxy does not proxy checksum database ...") serves the module, and Go stops there.
 */
function predictedStatusError(ev: Of<'proxy-status' | 'database-status'>, ctx: DiagnosisContext, sample: Sample): string {
  const route = ctx.route ?? {};
  const step = ev.kind === 'database-status' ? 'database' : goStepOf('proxy', ev.url, route, !WHOLE_PROXY_REFUSALS.has(ev.status));
  return predictGoStatusError(step, ev.url, ev.goError, route, sample, ev.kind === 'database-status' && ev.missingTile);
}

/** What the go command prints when it refuses a request the setting asks of it: its own request there, in its words. */
function predictedRefusal(request: { role: 'database' | 'proxy'; url: string }, goError: string, ctx: DiagnosisContext, sample: Sample): string {
  const route = ctx.route ?? {};
  return predictGoError({ step: goStepOf(request.role, request.url, route), url: request.url, reason: goError }, route, sample, ctx.goVersion);
}

/**
 * What the go command prints when this failure stops it (goPrediction.ts): the request Go makes, in its words. A
 * body cut once the answer began means the proxy answered that path.
 */
function predictedGoError(ev: Of<'unreachable' | 'tls-untrusted'>, ctx: DiagnosisContext, sample: Sample): string {
  const route = ctx.route ?? {};
  return predictGoError(goFailureOf(goStepOf(ev.role, ev.url, route, whileReading(ev.goError)), ev.url, ev.goError), route, sample, ctx.goVersion);
}

/** Answers Go refuses before it reads a record, in words of its own (its read of the body fails, or never begins). */
const WORDED_BY_GO = new Set<ForeignAnswer['form']>(['redirect', 'not-http', 'not-tls', 'huge-headers', 'bad-gzip']);

/**
 * Go reads a 200 answer's body as a record: a page or an endless body ends as "malformed record data". What Go
 * refuses before the body (a redirect, bytes that are not HTTP or not TLS, headers past its 10 MiB), or a body it
 * cannot decompress, it words itself.
 */
function predictedAnswerError(ev: Of<'foreign-answer'>, ctx: DiagnosisContext, sample: Sample): string {
  if (WORDED_BY_GO.has(ev.answer.form)) {
    const route = ctx.route ?? {};
    return predictGoError(goFailureOf(goStepOf(ev.role, ev.url, route), ev.url, ev.goError), route, sample, ctx.goVersion);
  }
  // A lookup whose record reads but whose note does not (a body cut short): Go quotes the note it refused.
  if (ev.failure === 'malformed-note' && /\/lookup\//.test(ev.url)) return verifyingGoMod(sample.module, sample.version, ev.goError);
  return verifyingGoMod(sample.module, sample.version, MALFORMED_RECORD);
}

function disagreementText(ev: Evidence, t: Say): string {
  if (ev.kind === 'not-in-database') return t('verdict.disagreement.notFound', { module: ev.module, version: ev.version, status: ev.status });
  if (ev.kind === 'hash-mismatch') {
    const sources: string[] = [];
    if (ev.goSum && ev.database && ev.goSum !== ev.database) sources.push(t('hash.gosumVsDb', { goSum: ev.goSum, database: ev.database }));
    if (ev.proxy && ev.database && ev.proxy !== ev.database) sources.push(t('hash.proxyVsDb', { proxy: ev.proxy, database: ev.database }));
    if (!ev.database && ev.goSum && ev.proxy) sources.push(t('hash.gosumVsProxy', { goSum: ev.goSum, proxy: ev.proxy }));
    return t('verdict.disagreement.hash', { module: ev.module, version: ev.version, file: ev.file, sources: sources.join('; ') });
  }
  return t('verdict.disagreement.security');
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

function stripGet(s: string): string {
  return s.replace(/^Get "[^"]*": /, '');
}
