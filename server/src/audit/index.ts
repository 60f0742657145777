// Owns: the audit's public surface for the language server and the CLI: build a context from the Go
// environment, audit parsed go.sum lines with a GoSumAuditor, read the verdicts.
// Must never: hold state or import vscode.
export { GoSumAuditor, type AuditOptions, type AuditorOptions, type AuditSource } from './auditor';
export { createAuditContext, type AuditContext, type AuditContextOptions } from './context';
export { refuseLookupUrl, type LookupPolicy } from './lookupGate';
export {
  LINE_STATUSES, exitCodeForVerdicts, isProblem, summarize,
  type AuditResult, type DatabaseInfo, type LineStatus, type LineVerdict, type ModuleCacheState, type Scenario, type ScenarioReport,
} from './verdict';
