// Owns: the SARIF 2.1.0 log `gosum-doctor check --sarif` prints — rules described for code scanning (from
// sarifRules.ts, in the reader's language), results with fingerprints that stay the same from run to run, and
// the invocation with its exit code. Pure: builds an object; no I/O.
import { createHash } from 'node:crypto';
import path = require('node:path');
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { sayIn, type MessageKey, type Say } from '../i18n';
import type { Finding } from './report';
import { ruleFor, type RuleSpec } from './sarifRules';

/** The schema the log names: OASIS's final SARIF 2.1.0 schema. */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The partialFingerprints key; its value changes meaning only with a new key. */
export const FINGERPRINT_KEY = 'gosumDoctor/v1';

export interface SarifInput {
  findings: readonly Finding[];
  /** The text of each checked file, under the name its findings carry: fingerprints read the lines from it. */
  sources: ReadonlyMap<string, string>;
  exitCode: 0 | 1 | 2;
  /** The tool's version (package.json's). */
  version: string;
  locale?: string;
  /** Why nothing could be checked (no go.sum or go.mod at the path): a notification on the invocation. */
  inputError?: string;
}

const LEVEL: Record<Finding['severity'], Sarif.Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const EXIT_TEXT: Record<SarifInput['exitCode'], MessageKey> = { 0: 'sarif.exit.0', 1: 'sarif.exit.1', 2: 'sarif.exit.2' };

export function sarifLog(input: SarifInput): Sarif.Log {
  const say = sayIn(input.locale);
  const ruleIds = [...new Set(input.findings.map((f) => f.code))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const fingerprints = new Fingerprints(input.sources);
  const run: Sarif.Run = {
    tool: { driver: {
      name: 'gosum-doctor', version: input.version, semanticVersion: input.version,
      informationUri: 'https://go.dev/ref/mod#checksum-database',
      rules: ruleIds.map((id) => describeRule(ruleFor(id), say)),
    } },
    invocations: [{
      executionSuccessful: input.exitCode !== 2, exitCode: input.exitCode, exitCodeDescription: say(EXIT_TEXT[input.exitCode]),
      ...(input.inputError ? { toolExecutionNotifications: [{ level: 'error', message: { text: input.inputError } }] } : {}),
    }],
    language: input.locale === 'zh-cn' ? 'zh-CN' : 'en-US',
    columnKind: 'utf16CodeUnits',
    results: input.findings.map((f): Sarif.Result => ({
      ruleId: f.code,
      ruleIndex: index.get(f.code)!,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: uriOf(f.file) },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.column) },
        },
      }],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprints.of(f) },
    })),
  };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

/**
 * A file as a URI: absolute paths as file:// URIs (a relative reference may not start with "/"), and paths above
 * the directory check ran in (the module above a package directory), which a reader resolves against its own root;
 * others relative.
 */
function uriOf(file: string): string {
  if (path.isAbsolute(file) || file.split(/[\\/]/)[0] === '..') return pathToFileURL(path.resolve(file)).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function describeRule(rule: RuleSpec, say: Say): Sarif.ReportingDescriptor {
  const p = rule.params;
  const [short, full, fix] = [say(rule.short, p), say(rule.full, p), say(rule.fix, p)];
  const said = rule.goSays;
  const silent = rule.silent ? say(rule.silent) : '';
  // Headings on lines of their own: no colon to word differently in each language.
  const text = [`${say('sarif.help.means')}\n${full}`,
    `${say('sarif.help.goSays')}\n${said ? said.replace(/^/gm, '    ') : silent}`,
    `${say('sarif.help.fix')}\n${fix}`, rule.helpUri].join('\n\n');
  const markdown = [`**${short}**`, `### ${say('sarif.help.means')}`, full, `### ${say('sarif.help.goSays')}`,
    said ? '```text\n' + said + '\n```' : silent, `### ${say('sarif.help.fix')}`, fix, `<${rule.helpUri}>`].join('\n\n');
  const properties: Sarif.PropertyBag = { tags: rule.tags, precision: 'very-high' };
  if (rule.securitySeverity) properties['security-severity'] = rule.securitySeverity;
  return {
    id: rule.id,
    shortDescription: { text: short },
    fullDescription: { text: full },
    help: { text, markdown },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: rule.level },
    properties,
  };
}

/**
 * Fingerprints that survive lines moving: a hash of the rule, the file and what the finding is about — for a
 * go.sum line its module, version and kind (zip or go.mod), for other lines their text, for a file-wide
 * finding nothing more, for a setting the variable and its value — numbered when several findings share one.
 */
class Fingerprints {
  private readonly lines = new Map<string, string[]>();
  private readonly seen = new Map<string, number>();

  constructor(private readonly sources: ReadonlyMap<string, string>) {}

  of(f: Finding): string {
    const key = createHash('sha256').update([f.code, uriOf(f.file), this.subject(f)].join('\0')).digest('hex').slice(0, 32);
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return `${key}:${n}`;
  }

  private subject(f: Finding): string {
    if (f.subject !== undefined) return f.subject;
    if (f.code.startsWith('scenario.')) return '';
    const text = (this.linesOf(f.file)[f.line - 1] ?? '').trim().split(/\s+/);
    if (/go(?:\.work)?\.sum$/.test(f.file) && text.length >= 2) {
      const [module, v] = text;
      const kind = v.endsWith('/go.mod') ? 'go.mod' : 'zip';
      return `${module}@${v.replace(/\/go\.mod$/, '')} ${kind}`;
    }
    return text.join(' ');
  }

  private linesOf(file: string): string[] {
    let lines = this.lines.get(file);
    if (!lines) this.lines.set(file, (lines = (this.sources.get(file) ?? '').split('\n')));
    return lines;
  }
}
