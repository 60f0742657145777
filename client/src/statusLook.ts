// How a database state looks wherever it is shown (status-bar item, language status): its icon, its label,
// whether it is a problem the user should act on. One home for these, so both places agree.
import vscode = require('vscode');
import type { StatusParams, StatusState } from '../../server/src/shared/protocol';
import { say } from './i18n';

const ICONS: Record<StatusState, string> = {
  checking: '$(sync~spin)', verified: '$(pass)', blocked: '$(error)', 'tls-intercepted': '$(unlock)',
  misconfigured: '$(gear)', disagreement: '$(alert)', offline: '$(cloud)', disabled: '$(circle-slash)', unknown: '$(question)',
};
const ERROR_STATES: ReadonlySet<StatusState> = new Set(['blocked', 'tls-intercepted', 'misconfigured', 'disagreement']);
const WARNING_STATES: ReadonlySet<StatusState> = new Set(['offline', 'disabled']);

/** The editors whose languages are Go's: the status-bar item shows while one is active. */
export const GO_LANGUAGES: ReadonlySet<string> = new Set(['go', 'go.mod', 'go.sum', 'go.work']);

export function stateLabel(state: StatusState): string {
  return say(`state.${state}`);
}

export function stateIcon(state: StatusState): string {
  return ICONS[state] ?? ICONS.unknown;
}

/** A problem the user should act on (the database cannot be used as configured): shown whatever editor is active. */
export function isProblem(state: StatusState): boolean {
  return ERROR_STATES.has(state);
}

export function stateSeverity(state: StatusState): vscode.LanguageStatusSeverity {
  return ERROR_STATES.has(state) ? vscode.LanguageStatusSeverity.Error
    : WARNING_STATES.has(state) ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
}

/** The documents we check: the code actions and the language status apply to them. */
export const CHECKED_DOCUMENTS: vscode.DocumentSelector = [{ language: 'go.mod' }, { language: 'go.sum' }];

/** "tree size 41,234,567", when the server knows the database's tree size. */
export function treeSizeText(s: StatusParams): string | undefined {
  const size = s.database?.treeSize;
  return size === undefined ? undefined : say('status.treeSize', { size: size.toLocaleString() });
}

/** "sum.golang.org via direct: verified", or the server's own text, or "checking sumdb…". */
export function stateText(s: StatusParams): string {
  if (s.text) return s.text;
  if (s.state === 'checking') return say('status.checking');
  return s.database ? `${say('status.reachedVia', { name: s.database.name, via: s.database.via })}: ${stateLabel(s.state)}` : stateLabel(s.state);
}
