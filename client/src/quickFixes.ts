// Quick fixes for diagnostics whose `data.fixes` describe an environment change (the client provides
// these code actions; see protocol.ts), and the fix flow they and the webview run: pick a value if
// needed, choose where the change goes, preview it, ask, write, then re-probe and re-check.
import * as vscode from 'vscode';
import type { DiagnosticFixData, FixView } from '../../server/src/protocol';
import { goBinary, isTrusted, settings } from './config';
import { applyPlan, goEnvFilePath, planGoEnvChange, planToolsEnvVarsChange, toolsEnvVarsAvailable, type EnvChangePlan, type FixTargetKind } from './envWriter';
import { text } from './text';

/** The dialogs of the fix flow; the extension tests replace them with scripted answers. */
export interface FixPrompts {
  chooseTarget(choices: FixTargetKind[]): Thenable<FixTargetKind | undefined>;
  pickFile(variable: string): Thenable<string | undefined>;
  confirm(plan: EnvChangePlan): Thenable<boolean>;
}

export function fixesOf(diagnostic: vscode.Diagnostic): FixView[] {
  const data = (diagnostic as { data?: Partial<DiagnosticFixData> }).data;
  return Array.isArray(data?.fixes) ? data.fixes.filter((f) => typeof f?.title === 'string' && f.env && typeof f.env === 'object') : [];
}

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

export const dialogPrompts: FixPrompts = {
  async chooseTarget(choices) {
    const items = choices.map((target) => target === 'goenv'
      ? { target, label: text.targetGoEnv(), description: goBinary() ? text.targetGoEnvWithGo() : undefined, detail: text.targetGoEnvDetail(goEnvFilePath()) }
      : { target, label: text.targetToolsEnvVars(), description: text.targetToolsEnvVarsDetail() });
    return (await vscode.window.showQuickPick(items, { placeHolder: text.chooseTarget() }))?.target;
  },
  async pickFile(variable) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: text.pickFile(variable), openLabel: text.pickFile(variable) });
    return picked?.[0]?.fsPath;
  },
  async confirm(plan) {
    const stamp = Date.now();
    const left = vscode.Uri.from({ scheme: previewScheme, path: `/${stamp}/before/${plan.target}` });
    const right = vscode.Uri.from({ scheme: previewScheme, path: `/${stamp}/after/${plan.target}` });
    previews.set(left.path, plan.before);
    previews.set(right.path, plan.after);
    await vscode.commands.executeCommand('vscode.diff', left, right, text.previewTitle(plan.where), { preview: true });
    const answer = await vscode.window.showWarningMessage(text.confirmWrite(plan.where), { modal: true, detail: changedLines(plan.before, plan.after) }, text.write());
    previews.delete(left.path); previews.delete(right.path);
    return answer === text.write();
  },
};

export interface FixFlowDeps {
  log: vscode.LogOutputChannel;
  afterWrite(): Promise<unknown>;
}

/** Runs the whole fix flow; true unless the user cancelled or the write failed. `resource`: the file the fix is for. */
export async function applyFix(fix: FixView, deps: FixFlowDeps, prompts: FixPrompts = dialogPrompts, resource?: vscode.Uri): Promise<boolean> {
  if (!isTrusted()) { void vscode.window.showErrorMessage(text.untrustedNoWrite()); return false; }
  const env = { ...fix.env };
  if (fix.pick) {
    const value = await prompts.pickFile(fix.pick.variable);
    if (!value) return false;
    env[fix.pick.variable] = value;
  }
  const preferred = settings().fixTarget;
  const choices: FixTargetKind[] = toolsEnvVarsAvailable() ? ['goenv', 'toolsEnvVars'] : ['goenv'];
  const target = preferred !== 'ask' && choices.includes(preferred) ? preferred : choices.length === 1 ? choices[0] : await prompts.chooseTarget(choices);
  if (!target) return false;
  try {
    const folder = (resource && vscode.workspace.getWorkspaceFolder(resource)) || vscode.workspace.workspaceFolders?.[0];
    const plan = target === 'goenv' ? await planGoEnvChange(env) : await planToolsEnvVarsChange(env, folder);
    if (plan.before === plan.after) { deps.log.info(`fix "${fix.title}": ${plan.where} already has it`); }
    else {
      if (!await prompts.confirm(plan)) return false;
      await applyPlan(plan, goBinary(), deps.log);
      deps.log.info(`fix "${fix.title}" written to ${plan.where}`);
      vscode.window.setStatusBarMessage(text.written(plan.where), 5000);
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    deps.log.error(`fix "${fix.title}" failed: ${message}`);
    void vscode.window.showErrorMessage(text.writeFailed(message));
    return false;
  }
  await deps.afterWrite().catch((e: unknown) => deps.log.warn(`re-probe after fix failed: ${String(e)}`));
  return true;
}
