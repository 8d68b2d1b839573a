/**
 * 问题清单: the list of problems a reviewer sends back to a unit, as DOCX — one section per
 * report, findings grouped by severity, each naming its place in words (表三「…」行「…」列)
 * and the line of the source. Dismissed findings are left out; confirmed ones are marked.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Finding, Report } from '../model/report.js';

export interface ProblemItem extends Finding {
  decision?: { decision: 'confirmed' | 'dismissed'; comment: string } | null;
}

export interface ProblemListInput {
  /** Reviewer's office, printed in the header, e.g. 某某县政务公开办. */
  office?: string;
  /** Date printed under the title (YYYY-MM-DD); defaults to today. */
  date?: string;
  reports: { report: Report; fileName: string; findings: ProblemItem[] }[];
}

const SEV_NAME: Record<Finding['severity'], string> = { error: '错误', warning: '警告', info: '提示' };
const FONT = 'FangSong';

const p = (text: string, opts: { bold?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): Paragraph =>
  new Paragraph({
    ...(opts.align ? { alignment: opts.align } : {}),
    children: [new TextRun({ text, bold: opts.bold ?? false, size: opts.size ?? 24, font: FONT })],
  });

const cell = (text: string, width: number, bold = false): TableCell =>
  new TableCell({ width: { size: width, type: WidthType.PERCENTAGE }, children: [p(text, { bold, size: 21 })] });

function place(f: Finding): string {
  const parts: string[] = [];
  if (f.line) parts.push(`原文第${f.line}行`);
  if (f.page) parts.push(`第${f.page}页`);
  return parts.join('，') || '—';
}

/** Build the DOCX bytes. */
export async function problemListDocx(input: ProblemListInput): Promise<Uint8Array> {
  const date = input.date ?? new Date().toISOString().slice(0, 10);
  const children: (Paragraph | Table)[] = [];
  children.push(
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: '政府信息公开工作年度报告问题清单', bold: true, size: 36, font: 'SimHei' })],
    }),
  );
  children.push(p(`${input.office ? `${input.office}\u3000` : ''}${date}`, { align: AlignmentType.CENTER }));
  for (const { report, fileName, findings } of input.reports) {
    const shown = findings.filter((f) => f.decision?.decision !== 'dismissed');
    const who = report.agency ?? report.agencyAlias ?? '（报告未写明单位名称）';
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: [new TextRun({ text: `${who}\u3000${report.year ?? '（年度未知）'}年度报告`, bold: true, size: 30, font: 'SimHei' })],
      }),
    );
    children.push(p(`文件：${fileName}\u3000\u3000格式：${report.template ? `${report.template}版` : '未识别'}`));
    if (!shown.length) {
      children.push(p('经核查，未发现需要整改的问题。'));
      continue;
    }
    const counts = (['error', 'warning', 'info'] as const).map((s) => `${SEV_NAME[s]}${shown.filter((f) => f.severity === s).length}项`).join('、');
    children.push(p(`共发现问题${shown.length}项（${counts}）。请核实后修改并重新发布。`));
    const rows = [
      new TableRow({ tableHeader: true, children: [cell('序号', 8, true), cell('类别', 10, true), cell('问题', 60, true), cell('位置', 22, true)] }),
    ];
    shown
      .slice()
      .sort((a, b) => ['error', 'warning', 'info'].indexOf(a.severity) - ['error', 'warning', 'info'].indexOf(b.severity))
      .forEach((f, i) => {
        const text =
          f.message + (f.decision?.decision === 'confirmed' ? '（已确认）' : '') + (f.decision?.comment ? `\u3000审核意见：${f.decision.comment}` : '');
        rows.push(new TableRow({ children: [cell(String(i + 1), 8), cell(SEV_NAME[f.severity], 10), cell(text, 60), cell(place(f), 22)] }));
      });
    children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }));
  }
  const doc = new Document({ creator: 'nianbao', title: '年度报告问题清单', sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}
