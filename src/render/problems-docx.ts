/**
 * 问题清单: the list of problems a reviewer sends back to a unit, as DOCX — one section per
 * report, findings grouped by severity, each naming its place in words (表三「…」行「…」列, the
 * section, the page or line of the source; 全文 when it has none). Only what the unit must fix
 * or explain goes in (./words.ts `forUnit`: no notes on how nianbao read the file); findings the
 * reviewer dismissed are left out, confirmed ones are marked. `problemListsZip`: one DOCX per
 * report in one zip.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { zipSync } from 'fflate';
import type { Finding, Report } from '../model/report.js';
import { findingPlace, forUnit, SEVERITY_NAME } from './words.js';

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

const FONT = 'FangSong';

const p = (text: string, opts: { bold?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): Paragraph =>
  new Paragraph({
    ...(opts.align ? { alignment: opts.align } : {}),
    children: [new TextRun({ text, bold: opts.bold ?? false, size: opts.size ?? 24, font: FONT })],
  });

const cell = (text: string, width: number, bold = false): TableCell =>
  new TableCell({ width: { size: width, type: WidthType.PERCENTAGE }, children: [p(text, { bold, size: 21 })] });

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
    const shown = findings.filter((f) => forUnit(f) && f.decision?.decision !== 'dismissed');
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
    const counts = (['error', 'warning', 'info'] as const).map((s) => `${SEVERITY_NAME[s]}${shown.filter((f) => f.severity === s).length}项`).join('、');
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
        rows.push(new TableRow({ children: [cell(String(i + 1), 8), cell(SEVERITY_NAME[f.severity], 10), cell(text, 60), cell(findingPlace(f, report), 22)] }));
      });
    children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }));
  }
  const doc = new Document({ creator: 'nianbao', title: '年度报告问题清单', sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** File name of a unit's problem list: 问题清单-<单位>-<年度>.docx (characters no file system takes replaced). */
export function problemListFileName(unit: string | null, year: number | null): string {
  const who =
    [...(unit ?? '')]
      .map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
      .join('')
      .slice(0, 80) || '单位不明';
  return `问题清单-${who}-${year ?? '年度不明'}.docx`;
}

/** One report of a zip of problem lists; `unit` names its file (default: the report's agency). */
export interface ProblemListEntry {
  report: Report;
  fileName: string;
  findings: ProblemItem[];
  unit?: string | null;
}

/** One problem list (DOCX) per report in one zip, named 问题清单-<单位>-<年度>.docx, made unique with （2）, （3）…. */
export async function problemListsZip(entries: ProblemListEntry[], opts: Pick<ProblemListInput, 'office' | 'date'> = {}): Promise<Uint8Array> {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const e of entries) {
    const base = problemListFileName(e.unit ?? e.report.agency ?? e.report.agencyAlias ?? null, e.report.year);
    let name = base;
    for (let n = 2; name in files; n++) name = base.replace(/\.docx$/, `（${n}）.docx`);
    // A DOCX is a zip already: stored, not compressed again.
    files[name] = [await problemListDocx({ ...opts, reports: [{ report: e.report, fileName: e.fileName, findings: e.findings }] }), { level: 0 }];
  }
  return zipSync(files);
}
