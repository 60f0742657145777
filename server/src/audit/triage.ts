// Owns: an audit's first phase, line by line: what a go.sum line comes to before any database is asked. A line Go
// cannot read, a module GOPRIVATE/GONOSUMDB keeps private, GOSUMDB=off, an earlier verdict that may stand, or a
// line left for the database. Pure: no I/O, never imports vscode.
import { EMPTY_GO_MOD_HASH, type GoSumLine, type MalformedGoSumLine } from '../parse/gosum';
import { t } from '../i18n';
import { baseVerdict, verdictFits } from './judge';
import type { AuditSource } from './auditor';
import type { Exemption } from './lookupGate';
import type { LineVerdict } from './verdict';
import { goFields } from '../shared/utf8';

/** What triage reads of the audit's surroundings: without a database, lines left for it are unverifiable. */
export type TriageSource = Pick<AuditSource, 'disabled' | 'gate' | 'database' | 'moduleCache' | 'locale'>;

/**
 * Where a line goes: decided now (`early`), an earlier verdict rechecked later (`standing`), unverifiable for want
 * of a database, or left for the database.
 */
export type Placement = { early: LineVerdict } | { standing: LineVerdict } | 'no-database' | 'pending';

/** A line that does not have three fields, as go.sum's reader refuses it. */
export function malformedLineVerdict(m: MalformedGoSumLine): LineVerdict {
  const fields = goFields(m.text);
  const v = fields[1] ?? '';
  return {
    line: m.line, module: fields[0] ?? '', version: v.replace(/\/go\.mod$/, ''), kind: v.endsWith('/go.mod') ? 'go.mod' : 'zip',
    status: 'malformed', goSum: fields.length >= 3 ? fields[2] : '', message: `wrong number of fields ${m.fieldCount}`,
  };
}

/** Places go.sum's lines in order; `known`, earlier verdicts in line order, are walked once alongside. */
export class LineTriage {
  private nextKnown = 0;
  /** go.sum is sorted: a module's lines come together, so its exemption is worked out once per run of lines. */
  private exemptModule: string | undefined;
  private exemption: Exemption | { status: 'disabled' } | undefined;

  constructor(private readonly source: TriageSource, private readonly known: readonly LineVerdict[] | undefined,
    /** AuditOptions.sumFile: an earlier verdict naming the file otherwise is judged again. */
    private readonly sumFile = 'go.sum') {}

  place(l: GoSumLine): Placement {
    const earlier = this.earlierFor(l);
    if (earlier) {
      if (earlier.status === 'private' || earlier.status === 'disabled') return { early: earlier };
      if (this.stands(earlier)) return { standing: earlier };
    }
    const locale = this.source.locale;
    // Go's readGoSum drops it unread: nothing to ask the database about (its hash would read as a mismatch).
    if (l.hash === EMPTY_GO_MOD_HASH) return { early: { ...baseVerdict(l), status: 'ignored', message: t('audit.ignored.emptyGoMod', {}, locale) } };
    if (l.algorithm !== 'h1') return { early: { ...baseVerdict(l), status: 'malformed', message: t('audit.malformed.algorithm', { algorithm: l.algorithm }, locale) } };
    const ex = this.exemptionOf(l.module);
    if (ex?.status === 'private') return { early: { ...baseVerdict(l), status: 'private', message: t('audit.private', { module: l.module, variable: ex.variable, patterns: ex.patterns }, locale) } };
    if (ex?.status === 'disabled') return { early: { ...baseVerdict(l), status: 'disabled', message: t('audit.disabled', {}, locale) } };
    return this.source.database ? 'pending' : 'no-database';
  }

  /** The earlier verdict for this very line (same place, module, version, kind and hash), if any. */
  private earlierFor(l: GoSumLine): LineVerdict | undefined {
    const known = this.known;
    if (!known) return undefined;
    while (this.nextKnown < known.length && known[this.nextKnown].line < l.line) this.nextKnown++;
    const v = known[this.nextKnown];
    const same = v && v.line === l.line && v.version === l.version && v.module === l.module && v.kind === (l.isGoMod ? 'go.mod' : 'zip');
    // Which line go reads may have changed with an edit elsewhere: such lines are judged again (verdictFits).
    return same && verdictFits(v, l, this.sumFile) ? v : undefined;
  }

  /**
   * An earlier verdict on a record that may stand (its record is rechecked, not looked up). A copy missing from the
   * module cache may have been downloaded since: that line is compared again.
   */
  private stands(v: LineVerdict): boolean {
    return !!v.record && (v.status === 'verified' || v.status === 'mismatch' || v.status === 'not-found') && v.moduleCache !== 'absent' &&
      (v.moduleCache !== undefined) === (this.source.moduleCache !== undefined);
  }

  private exemptionOf(module: string): Exemption | { status: 'disabled' } | undefined {
    if (module !== this.exemptModule) {
      this.exemptModule = module;
      const { gate, disabled } = this.source;
      this.exemption = disabled ? (gate.exemption(module) ?? { status: 'disabled' as const }) : gate.exemption(module);
    }
    return this.exemption;
  }
}
