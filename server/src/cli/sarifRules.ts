// Owns: the catalogue of rules `check --sarif` describes to code-scanning tools — for each finding code, its
// words (keys into the i18n catalogs), the go command's own output for it (quoted verbatim, never translated),
// a page of Go's documentation that explains it, tags, default level and, for security findings, a severity.
// Must never: do I/O or build SARIF (sarif.ts does).
import type { MessageKey } from '../i18n';
import { LINT_SEVERITY, type LintCode } from '../goenv/lints';

export interface RuleSpec {
  id: string;
  short: MessageKey;
  full: MessageKey;
  fix: MessageKey;
  /** What the go command prints for it, with <placeholders>; undefined when it says nothing (see `silent`). */
  goSays?: string;
  /** Why the go command says nothing, when `goSays` is undefined. */
  silent?: MessageKey;
  /** Parameters of the texts (e.g. the go.mod directive a rule is about). */
  params?: Record<string, string>;
  helpUri: string;
  tags: string[];
  level: 'error' | 'warning' | 'note';
  /** GitHub code scanning's 0.0–10.0 scale (≥ 9 critical, ≥ 7 high); only for findings that are about security. */
  securitySeverity?: string;
}

const REF = 'https://go.dev/ref/mod';
const GO_SUM = `${REF}#go-sum-files`;
const SUMDB = `${REF}#checksum-database`;

const MISMATCH = `verifying <module>@<version>: checksum mismatch
	downloaded: h1:<hash the download has>
	go.sum:     h1:<hash in go.sum>

SECURITY ERROR
This download does NOT match an earlier download recorded in go.sum.`;

type Texts = Pick<RuleSpec, 'short' | 'full' | 'fix' | 'goSays' | 'silent'>;

function goSumRule(id: string, level: RuleSpec['level'], texts: Texts): RuleSpec {
  return { id, ...texts, helpUri: GO_SUM, tags: ['go.sum', 'correctness'], level };
}

const GO_SUM_RULES: RuleSpec[] = [
  goSumRule('gosum.fields', 'error', { short: 'sarif.gosum.fields.short', full: 'sarif.gosum.fields.full', fix: 'sarif.fix.tidy',
    goSays: 'malformed go.sum:\n<file>:<line>: wrong number of fields <n>' }),
  goSumRule('gosum.hash', 'error', { short: 'sarif.gosum.hash.short', full: 'sarif.gosum.hash.full', fix: 'sarif.fix.tidy', goSays: MISMATCH }),
  goSumRule('gosum.algorithm', 'warning', { short: 'sarif.gosum.algorithm.short', full: 'sarif.gosum.algorithm.full', fix: 'sarif.fix.tidy', silent: 'sarif.silent.ignored' }),
  goSumRule('gosum.path', 'warning', { short: 'sarif.gosum.path.short', full: 'sarif.gosum.path.full', fix: 'sarif.fix.tidy', silent: 'sarif.silent.ignored' }),
  goSumRule('gosum.version', 'warning', { short: 'sarif.gosum.version.short', full: 'sarif.gosum.version.full', fix: 'sarif.fix.tidy', silent: 'sarif.silent.ignored' }),
  goSumRule('gosum.emptyGoModHash', 'note', { short: 'sarif.gosum.emptyGoModHash.short', full: 'sarif.gosum.emptyGoModHash.full', fix: 'sarif.fix.tidy', silent: 'sarif.silent.ignored' }),
  goSumRule('gosum.duplicate', 'note', { short: 'sarif.gosum.duplicate.short', full: 'sarif.gosum.duplicate.full', fix: 'sarif.fix.tidy', silent: 'sarif.silent.accepted' }),
  { ...goSumRule('gosum.conflict', 'error', { short: 'sarif.gosum.conflict.short', full: 'sarif.gosum.conflict.full', fix: 'sarif.gosum.conflict.fix', goSays: MISMATCH }),
    tags: ['go.sum', 'security', 'supply-chain'], securitySeverity: '7.5' },
  goSumRule('gosum.bom', 'warning', { short: 'sarif.gosum.bom.short', full: 'sarif.gosum.bom.full', fix: 'sarif.gosum.bom.fix', silent: 'sarif.silent.ignored' }),
  goSumRule('gosum.loneCR', 'warning', { short: 'sarif.gosum.loneCR.short', full: 'sarif.gosum.loneCR.full', fix: 'sarif.gosum.loneCR.fix', silent: 'sarif.silent.ignored' }),
];

const GO_MOD_PARSE = 'go: errors parsing go.mod:\n<file>:<line>: <error>';

/** The go.mod directives whose problems carry their own code (gomod.<directive>), with Go's anchor for each. */
const DIRECTIVES = ['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore'];

const GO_MOD_RULES: RuleSpec[] = [
  { id: 'gomod.syntax', short: 'sarif.gomod.syntax.short', full: 'sarif.gomod.syntax.full', fix: 'sarif.gomod.syntax.fix', goSays: GO_MOD_PARSE,
    helpUri: `${REF}#go-mod-file-grammar`, tags: ['go.mod', 'correctness'], level: 'error' },
  { id: 'gomod.directive', short: 'sarif.gomod.directive.short', full: 'sarif.gomod.directive.full', fix: 'sarif.gomod.directive.fix',
    goSays: 'go: errors parsing go.mod:\n<file>:<line>: unknown directive: <name>', helpUri: `${REF}#go-mod-file`, tags: ['go.mod', 'correctness'], level: 'error' },
  ...DIRECTIVES.map((directive): RuleSpec => ({
    id: `gomod.${directive}`, short: 'sarif.gomod.verb.short', full: 'sarif.gomod.verb.full', fix: 'sarif.gomod.verb.fix', goSays: GO_MOD_PARSE,
    params: { directive }, helpUri: `${REF}#go-mod-file-${directive}`, tags: ['go.mod', 'correctness'], level: 'error',
  })),
  { id: 'gomod.missingModule', short: 'sarif.gomod.missingModule.short', full: 'sarif.gomod.missingModule.full', fix: 'sarif.gomod.missingModule.fix',
    goSays: 'go: error reading go.mod: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod',
    helpUri: `${REF}#go-mod-file-module`, tags: ['go.mod', 'correctness'], level: 'error' },
  { id: 'gomod.conflictingReplace', short: 'sarif.gomod.conflictingReplace.short', full: 'sarif.gomod.conflictingReplace.full',
    fix: 'sarif.gomod.conflictingReplace.fix', goSays: 'go: conflicting replacements for <module>[@<version>]:\n\t<replacement>\n\t<replacement>',
    helpUri: `${REF}#go-mod-file-replace`, tags: ['go.mod', 'correctness'], level: 'error' },
  { id: 'gomod.excludedRequire', short: 'sarif.gomod.excludedRequire.short', full: 'sarif.gomod.excludedRequire.full',
    fix: 'sarif.gomod.excludedRequire.fix', goSays: 'go: ignoring requirement on excluded version <module> <version>',
    helpUri: `${REF}#go-mod-file-exclude`, tags: ['go.mod', 'correctness'], level: 'warning' },
  { id: 'gomod.replacementGoMod', short: 'sarif.gomod.replacementGoMod.short', full: 'sarif.gomod.replacementGoMod.full',
    fix: 'sarif.gomod.replacementGoMod.fix', goSays: 'go: <module>@<version> (replaced by <dir>): reading <dir>/go.mod: open <path>: no such file or directory',
    helpUri: `${REF}#go-mod-file-replace`, tags: ['go.mod', 'correctness'], level: 'warning' },
  { id: 'gomod.modulePath', short: 'sarif.gomod.modulePath.short', full: 'sarif.gomod.modulePath.full', fix: 'sarif.gomod.modulePath.fix',
    goSays: 'go: malformed module path "<path>": <why>', helpUri: `${REF}#go-mod-file-ident`, tags: ['go.mod', 'correctness'], level: 'warning' },
  { id: 'gomod.missingGoSum', short: 'sarif.gomod.missingGoSum.short', full: 'sarif.gomod.missingGoSum.full', fix: 'sarif.gomod.missingGoSum.fix',
    goSays: '<module>@<version>: missing go.sum entry for go.mod file; to add it:\n\tgo mod download <module>',
    helpUri: GO_SUM, tags: ['go.mod', 'go.sum', 'correctness'], level: 'warning' },
];

const AUDIT_RULES: RuleSpec[] = [
  { id: 'audit.mismatch', short: 'sarif.audit.mismatch.short', full: 'sarif.audit.mismatch.full', fix: 'sarif.audit.mismatch.fix', goSays: MISMATCH,
    helpUri: SUMDB, tags: ['go.sum', 'security', 'supply-chain'], level: 'error', securitySeverity: '8.1' },
  { id: 'audit.security-error', short: 'sarif.audit.security-error.short', full: 'sarif.audit.security-error.full', fix: 'sarif.audit.security-error.fix',
    goSays: 'SECURITY ERROR\ngo.sum database server misbehavior detected!', helpUri: SUMDB, tags: ['go.sum', 'security', 'supply-chain'], level: 'error', securitySeverity: '9.1' },
  { id: 'audit.not-found', short: 'sarif.audit.not-found.short', full: 'sarif.audit.not-found.full', fix: 'sarif.audit.not-found.fix',
    goSays: 'go: <module>@<version>: verifying go.mod: <module>@<version>/go.mod: reading https://<database>/lookup/<module>@<version>: 404 Not Found',
    helpUri: `${REF}#private-modules`, tags: ['go.sum', 'private-modules'], level: 'warning' },
  { id: 'audit.unverifiable', short: 'sarif.audit.unverifiable.short', full: 'sarif.audit.unverifiable.full', fix: 'sarif.audit.unverifiable.fix',
    silent: 'sarif.silent.existingLines', helpUri: SUMDB, tags: ['go.sum', 'network'], level: 'warning' },
  { id: 'audit.module-cache', short: 'sarif.audit.module-cache.short', full: 'sarif.audit.module-cache.full', fix: 'sarif.audit.module-cache.fix',
    goSays: '<module> <version>: dir has been modified (<directory>)', helpUri: `${REF}#go-mod-verify`,
    tags: ['module-cache', 'security', 'supply-chain'], level: 'error', securitySeverity: '7.5' },
];

const SCENARIO_RULES: RuleSpec[] = [
  { id: 'scenario.blocked', short: 'sarif.scenario.blocked.short', full: 'sarif.scenario.blocked.full', fix: 'sarif.scenario.blocked.fix',
    goSays: 'go: <module>@<version>: verifying go.mod: <module>@<version>/go.mod: Get "https://<database>/lookup/<module>@<version>": dial tcp <address>: connect: connection refused',
    helpUri: `${REF}#environment-variables`, tags: ['network', 'configuration'], level: 'error' },
  { id: 'scenario.tls-intercepted', short: 'sarif.scenario.tls-intercepted.short', full: 'sarif.scenario.tls-intercepted.full', fix: 'sarif.scenario.tls-intercepted.fix',
    goSays: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
    helpUri: 'https://pkg.go.dev/crypto/x509#SystemCertPool', tags: ['network', 'tls'], level: 'error' },
  { id: 'scenario.misconfigured', short: 'sarif.scenario.misconfigured.short', full: 'sarif.scenario.misconfigured.full', fix: 'sarif.scenario.misconfigured.fix',
    goSays: 'go: <module>@<version>: verifying go.mod: invalid GOSUMDB: malformed verifier id',
    helpUri: `${REF}#environment-variables`, tags: ['configuration'], level: 'error' },
  { id: 'scenario.disagreement', short: 'sarif.scenario.disagreement.short', full: 'sarif.scenario.disagreement.full', fix: 'sarif.scenario.disagreement.fix',
    goSays: 'go: <module>@<version>: verifying module: checksum mismatch', helpUri: SUMDB,
    tags: ['security', 'supply-chain'], level: 'error', securitySeverity: '7.5' },
];

/** A setting lint's rule id: goenv.<code>. */
export function settingRuleId(code: LintCode): string {
  return `goenv.${code}`;
}

/**
 * The Go settings' lints (goenv/lints.ts) that code scanning is told of: a value every go command refuses, and the
 * checksum database turned off. The other warnings (GOPROXY=off, a pattern that never matches) are often chosen
 * on purpose and weaken no check: an alert at every run would be noise. What the go command says differs with
 * the value, so each result quotes it.
 */
const SETTING_RULES: RuleSpec[] = (Object.keys(LINT_SEVERITY) as LintCode[]).flatMap((code): RuleSpec[] => {
  const texts = { silent: 'sarif.silent.other', helpUri: `${REF}#environment-variables` } as const;
  if (LINT_SEVERITY[code] === 'error') {
    return [{ id: settingRuleId(code), short: 'sarif.goenv.refused.short', full: 'sarif.goenv.refused.full', fix: 'sarif.goenv.refused.fix', ...texts,
      tags: ['configuration'], level: 'error' }];
  }
  // With the checksum database off, the go command verifies no download against it.
  if (code === 'gosumdb-off') {
    return [{ id: settingRuleId(code), short: 'sarif.goenv.off.short', full: 'sarif.goenv.off.full', fix: 'sarif.goenv.off.fix', ...texts,
      tags: ['configuration', 'security', 'supply-chain'], level: 'warning', securitySeverity: '5.3' }];
  }
  return [];
});

/** Every rule we describe, by id. */
export const RULES: ReadonlyMap<string, RuleSpec> = new Map([...GO_SUM_RULES, ...GO_MOD_RULES, ...AUDIT_RULES, ...SCENARIO_RULES, ...SETTING_RULES].map((r) => [r.id, r]));

/** The rule for a finding code; a code without an entry still gets a described rule, never a bare id. */
export function ruleFor(id: string): RuleSpec {
  return RULES.get(id) ?? { id, short: 'sarif.other.short', full: 'sarif.other.full', fix: 'sarif.other.fix', silent: 'sarif.silent.other',
    helpUri: SUMDB, tags: [], level: 'warning' };
}
