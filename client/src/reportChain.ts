// The chain a probe report describes (editor → proxy → database) and which hop broke, shared by the
// HTML and Markdown renderers. Pure; no vscode.
import type { ProbeReportView } from '../../server/src/shared/protocol';
import type { ReportLabels } from './reportLabels';

export interface ChainNode { role: string; name: string }
export interface ChainView { nodes: ChainNode[]; /** index of the hop after nodes[i] that broke */ brokenAfter?: number }

export function chainOf(report: ProbeReportView, labels: ReportLabels): ChainView {
  const nodes: ChainNode[] = [{ role: labels.editor, name: labels.editor }];
  const viaProxy = report.proxy !== undefined && report.proxy !== '';
  if (viaProxy) nodes.push({ role: labels.proxy, name: report.proxy! });
  nodes.push({ role: labels.database, name: report.database?.name ?? '?' });
  let brokenAfter: number | undefined;
  switch (report.brokenHop) {
    case 'editor-proxy': brokenAfter = 0; break;
    case 'proxy-database': brokenAfter = viaProxy ? 1 : 0; break;
    case 'editor-database': brokenAfter = viaProxy ? 1 : 0; break;
  }
  return { nodes, brokenAfter };
}
