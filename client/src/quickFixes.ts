// Quick fixes for diagnostics whose `data.fixes` describe an environment change (the client provides
// these code actions; see protocol.ts), and the fix flow they and the webview run: pick or ask for a value if
// needed (a proxy address is refused, with Go's reason, unless Go can use it), show and confirm a certificate
// before writing it, choose where the change goes (never the go env file for what Go reads only from its
// process environment), preview it, ask, write, then re-probe and re-check.
import vscode = require('vscode');
import type { DiagnosticFixData, FixView } from '../../server/src/shared/protocol';
import { checkProxyAddress, proxyPrefill } from '../../server/src/shared/proxyAddress';
import type { FixAsk, FixCertificate } from '../../server/src/shared/evidence';
import { envTargets, fixCommandLines } from '../../server/src/shared/fixCommands';
import { certificateFacts, writeCertificateFile } from './certificateFile';
import { goBinary, isTrusted, settings } from './config';
import { applyPlan, goEnvFile, planGoEnvChange, planToolsEnvVarsChange, toolsEnvVarsAvailable, type EnvChangePlan, type FixTargetKind } from './envWriter';
import { messageOf, say } from './i18n';

/** The dialogs of the fix flow; the extension tests replace them with scripted answers. */
export interface FixPrompts {
  chooseTarget(choices: FixTargetKind[]): Thenable<FixTargetKind | undefined>;
  pickFile(variable: string): Thenable<string | undefined>;
  confirm(plan: EnvChangePlan): Thenable<boolean>;
  /** Asks for a typed value (an HTTPS proxy address), validated as Go reads it; undefined when cancelled. */
  askValue(ask: FixAsk): Thenable<string | undefined>;
  /** Shows the certificate and the warning; true only when the person confirms. */
  confirmCertificate(cert: FixCertificate): Thenable<boolean>;
  /** Where to save a certificate (macOS/Windows advice fixes); undefined when cancelled. */
  saveCertificateAs(cert: FixCertificate): Thenable<string | undefined>;
}

export function fixesOf(diagnostic: vscode.Diagnostic): FixView[] {
  const data = (diagnostic as { data?: Partial<DiagnosticFixData> }).data;
  return Array.isArray(data?.fixes) ? data.fixes.filter((f) => typeof f?.title === 'string' && f.env && typeof f.env === 'object') : [];
}

/** The documents whose diagnostics can carry fixes: go.mod and go.sum, and go.work (a go line above the toolchain). */
export const FIXABLE_DOCUMENTS: vscode.DocumentSelector = [{ language: 'go.mod' }, { language: 'go.sum' }, { language: 'go.work' }];

export class FixCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      for (const fix of fixesOf(diagnostic)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred;
        action.command = { command: 'gosumDoctor.applyFix', title: fix.title, arguments: [fix, doc.uri] };
        actions.push(action);
      }
    }
    return actions;
  }
}

const previews = new Map<string, string>();
export const previewScheme = 'gosum-doctor-preview';
export const previewContent: vscode.TextDocumentContentProvider = { provideTextDocumentContent: (uri) => previews.get(uri.path) ?? '' };

/** The lines that differ, `-old` / `+new`, for the confirmation dialog. */
export function changedLines(before: string, after: string): string {
  const a = before.split('\n'), b = after.split('\n');
  const removed = a.filter((l) => !b.includes(l)).map((l) => `- ${l}`);
  const added = b.filter((l) => !a.includes(l)).map((l) => `+ ${l}`);
  return [...removed, ...added].join('\n');
}

/** Where the go env file is, or why a fix cannot write one (the choice then fails with the same reason). */
function goEnvFileDetail(): string {
  const file = goEnvFile();
  return 'error' in file ? messageOf(file.error) : say('target.goEnv.detail', { file: file.path });
}

export const dialogPrompts: FixPrompts = {
  async chooseTarget(choices) {
    const items = choices.map((target) => target === 'goenv'
      ? { target, label: say('target.goEnv'), description: goBinary() ? say('target.goEnv.withGo') : undefined, detail: goEnvFileDetail() }
      : { target, label: say('target.toolsEnvVars'), description: say('target.toolsEnvVars.detail') });
    return (await vscode.window.showQuickPick(items, { placeHolder: say('target.choose') }))?.target;
  },
  async pickFile(variable) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: say('fix.pickFile', { variable }), openLabel: say('fix.pickFile', { variable }) });
    return picked?.[0]?.fsPath;
  },
  async askValue(ask) {
    const prefill = ask.validate === 'go-proxy-url'
      ? proxyPrefill(vscode.workspace.getConfiguration('http').get<string>('proxy') || undefined, process.env, ask.current)
      : undefined;
    return vscode.window.showInputBox({
      title: ask.variable, prompt: prefill ? `${ask.prompt}\n${say('ask.prefilledFrom', { source: prefill.source })}` : ask.prompt, value: prefill?.value,
      placeHolder: ask.placeholder, ignoreFocusOut: true,
      validateInput: (v) => { const c = checkProxyAddress(v); return c.ok ? undefined : say('ask.refused', { reason: c.reason }); },
    });
  },
  async confirmCertificate(cert) {
    const facts = certificateFacts(cert, {
      subject: say('cert.subject'), issuer: say('cert.issuer'), validity: say('cert.validity'),
      position: cert.position === 'root' ? say('cert.position.root') : cert.position === 'leaf' ? say('cert.position.leaf') : say('cert.position.topmost'),
    });
    const detail = [say('cert.warning'), '', facts, ...(cert.action === 'trust' ? ['', say('cert.writesTo', { file: cert.file })] : [])].join('\n');
    const yes = cert.action === 'trust' ? say('cert.trust') : say('cert.saveAs');
    const answer = await vscode.window.showWarningMessage(cert.action === 'trust' ? say('cert.trustTitle') : say('cert.saveTitle'), { modal: true, detail }, yes);
    return answer === yes;
  },
  async saveCertificateAs(cert) {
    const picked = await vscode.window.showSaveDialog({ title: say('cert.saveAs'), saveLabel: say('cert.saveAs'), filters: { PEM: ['pem', 'crt'] },
      defaultUri: vscode.Uri.file(cert.file) });
    return picked?.fsPath;
  },
  async confirm(plan) {
    const stamp = Date.now();
    const left = vscode.Uri.from({ scheme: previewScheme, path: `/${stamp}/before/${plan.target}` });
    const right = vscode.Uri.from({ scheme: previewScheme, path: `/${stamp}/after/${plan.target}` });
    previews.set(left.path, plan.before);
    previews.set(right.path, plan.after);
    await vscode.commands.executeCommand('vscode.diff', left, right, say('fix.previewTitle', { where: plan.where }), { preview: true });
    const answer = await vscode.window.showWarningMessage(say('fix.confirmWrite', { where: plan.where }), { modal: true, detail: changedLines(plan.before, plan.after) }, say('fix.write'));
    previews.delete(left.path); previews.delete(right.path);
    return answer === say('fix.write');
  },
};

export interface FixFlowDeps {
  log: vscode.LogOutputChannel;
  afterWrite(): Promise<unknown>;
}

/** Runs the whole fix flow; true unless the user cancelled or the write failed. `resource`: the file the fix is for. */
export async function applyFix(fix: FixView, deps: FixFlowDeps, prompts: FixPrompts = dialogPrompts, resource?: vscode.Uri): Promise<boolean> {
  if (!isTrusted()) { void vscode.window.showErrorMessage(say('fix.untrusted')); return false; }
  const env = await valuesFor(fix, prompts);
  if (!env) return false;
  if (fix.certificate) {
    const step = await certificateStep(fix, fix.certificate, deps, prompts);
    if (step !== 'go on') return step === 'done';
  }
  if (Object.keys(env).length === 0) return true;
  if (!await writeEnv(fix, env, deps, prompts, resource)) return false;
  await deps.afterWrite().catch((e: unknown) => deps.log.warn(`re-probe after fix failed: ${String(e)}`));
  return true;
}

/** The fix's variables with the values the person picks or types; undefined when they cancel or give one Go cannot use. */
async function valuesFor(fix: FixView, prompts: FixPrompts): Promise<Record<string, string> | undefined> {
  const env = { ...fix.env };
  if (fix.pick) {
    const value = await prompts.pickFile(fix.pick.variable);
    if (!value) return undefined;
    env[fix.pick.variable] = value;
  }
  if (fix.ask?.validate === 'pem-file') {
    const value = await prompts.pickFile(fix.ask.variable);
    if (!value) return undefined;
    env[fix.ask.variable] = value;
  } else if (fix.ask) {
    // Nothing is guessed: the person gives the value, and a value Go cannot use never gets this far.
    const value = await prompts.askValue(fix.ask);
    if (value === undefined) return undefined;
    const checked = checkProxyAddress(value);
    if (!checked.ok) { void vscode.window.showErrorMessage(say('ask.refused', { reason: checked.reason })); return undefined; }
    env[fix.ask.variable] = checked.url;
  }
  return env;
}

/**
 * A certificate the fix keeps, once the person confirms it: saved where they choose (the fix is then done), or
 * written where the fix's variable will point ('go on' to write the variable). 'stop': cancelled or failed.
 */
async function certificateStep(fix: FixView, cert: NonNullable<FixView['certificate']>, deps: FixFlowDeps, prompts: FixPrompts): Promise<'done' | 'go on' | 'stop'> {
  if (!await prompts.confirmCertificate(cert)) return 'stop';
  try {
    if (cert.action === 'save') {
      const file = await prompts.saveCertificateAs(cert);
      if (!file) return 'stop';
      await writeCertificateFile(file, cert);
      deps.log.info(`certificate ${cert.fingerprint256} saved to ${file}`);
      void vscode.window.showInformationMessage(say('cert.saved', { file }), { modal: false, detail: fix.advice });
      return 'done';
    }
    await writeCertificateFile(cert.file, cert);
    deps.log.info(`certificate ${cert.fingerprint256} written to ${cert.file}`);
    return 'go on';
  } catch (e) {
    void vscode.window.showErrorMessage(say('fix.writeFailed', { message: messageOf(e) }));
    return 'stop';
  }
}

/** Writes `env` where the person's setting (or choice) says, after showing the change; false when cancelled or failed. */
async function writeEnv(fix: FixView, env: Record<string, string>, deps: FixFlowDeps, prompts: FixPrompts, resource: vscode.Uri | undefined): Promise<boolean> {
  const preferred = settings().fixTarget;
  // Go reads HTTPS_PROXY and SSL_CERT_* only from its process environment: `go env -w` refuses them.
  const choices: FixTargetKind[] = envTargets(Object.keys(env), toolsEnvVarsAvailable());
  if (choices.length === 0) {
    void vscode.window.showWarningMessage(say('fix.noTarget', { commands: fixCommandLines({ env }).join('; ') }));
    return false;
  }
  const target = preferred !== 'ask' && choices.includes(preferred) ? preferred : choices.length === 1 ? choices[0] : await prompts.chooseTarget(choices);
  if (!target) return false;
  try {
    const folder = (resource && vscode.workspace.getWorkspaceFolder(resource)) || vscode.workspace.workspaceFolders?.[0];
    const plan = target === 'goenv' ? await planGoEnvChange(env) : await planToolsEnvVarsChange(env, folder);
    if (plan.before === plan.after) {
      deps.log.info(`fix "${fix.title}": ${plan.where} already has it`);
      return true;
    }
    if (!await prompts.confirm(plan)) return false;
    await applyPlan(plan, goBinary(), deps.log);
    deps.log.info(`fix "${fix.title}" written to ${plan.where}`);
    vscode.window.setStatusBarMessage(say('fix.written', { where: plan.where }), 5000);
    return true;
  } catch (e) {
    deps.log.error(`fix "${fix.title}" failed: ${e instanceof Error ? e.message : String(e)}`);
    void vscode.window.showErrorMessage(say('fix.writeFailed', { message: messageOf(e) }));
    return false;
  }
}
