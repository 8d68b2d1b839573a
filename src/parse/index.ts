/**
 * parse: text of a report → the canonical record. Format-agnostic: every reader hands over
 * text (tables as rows of cells, however laid out), and this stage finds sections, tables,
 * rows and cells by their statutory labels.
 */
import { SECTIONS, T3_COLUMN_KEYS, TEMPLATES, t3Rows, type T3Shape, type TemplateId } from '../model/templates.js';
import type { Cell, Finding, Publication, Report, SectionInfo, SourceFormat } from '../model/report.js';
import { findFirst, findSections, labelIndexAt, rowForms } from './find.js';
import { fuzzySectionFindings } from './fuzzy.js';
import { completeMeta, findAlias, findMeta } from './meta.js';
import { readHeader, readSignature } from './publication.js';
import { readNarrative } from './narrative.js';
import { sourceSpan } from '../read/normalize.js';
import { buildStream, compactLabel, lineOf, placeOf, scanWindow, type Stream } from './stream.js';
import { detectT2Template, detectT3Shape, parseT2, parseT3, parseT4, type TableResult } from './tables.js';

export interface SourceInfo {
  path: string | null;
  sha256: string;
  format: SourceFormat;
  bytes: number;
  encoding?: string;
}

/** Table labels: lines holding them are never taken for running page headers. */
const VOCABULARY: string[] = [
  ...Object.values(TEMPLATES).flatMap((t) => t.t2.flatMap((b) => [b.title, ...b.columns.map((c) => c.label), ...b.rows.map((r) => r.label)])),
  ...t3Rows('split-other').map((r) => r.label),
  '自然人',
  '商业企业',
  '科研机构',
  '社会公益组织',
  '法律服务机构',
  '法人或其他组织',
  '申请人情况',
  '信息内容',
  '结果维持',
  '结果纠正',
  '其他结果',
  '尚未审结',
  '未经复议直接起诉',
  '复议后起诉',
]
  .map(compactLabel)
  .filter((v) => v.length >= 2);

const T3_START_MARKS = ['本列数据的勾稽关系', '申请人情况', '本年新收政府信息公开申请数量'].map(compactLabel);
const T2_START = compactLabel('第二十条第');
const T2_HEADER = compactLabel('信息内容');
const CARRIED_FORWARD = rowForms(t3Rows('single-other').at(-1)!);
const REVIEW = [compactLabel('行政复议')];

function firstLabel(st: Stream, forms: string[], from: number, to: number): number | null {
  const h = findFirst(st, forms, labelIndexAt(st, from), labelIndexAt(st, to));
  return h ? h.start : null;
}

/**
 * Where table 二 starts: its first block's title (第二十条第（一）项); or, where a line opening
 * with the column header 信息内容 comes before the first title found, that line — the first
 * block's title garbled by the recogniser (第二长十（一）项) or left out, whose rows would
 * otherwise fall before the table. Null when no title is found (read from section 二's heading).
 */
function t2Start(st: Stream, from: number, to: number): number | null {
  const title = firstLabel(st, [T2_START], from, to);
  // No title at all: the table is read from the section's heading, as before.
  if (title === null) return null;
  const header = firstLabel(st, [T2_HEADER], from, title);
  if (header === null) return title;
  const line = st.lineStarts[lineOf(st.lineStarts, header)]!;
  return /^[\s|｜]*$/.test(st.text.slice(line, header)) ? line : title;
}

export interface Parsed {
  report: Report;
  stream: Stream;
}

export function parseText(
  source: string,
  info: SourceInfo,
  ocr: { alternatives?: (start: number, end: number) => string[] | null; confidence?: (start: number, end: number) => number | null } = {},
): Parsed {
  const opts = { vocabulary: VOCABULARY };
  const st = buildStream(source, opts, { only: true });
  if (ocr.alternatives) {
    const alts = ocr.alternatives;
    st.ocrAlts = (a, b) => {
      const [s, e] = sourceSpan(st.norm, a, b);
      return alts(s, e);
    };
  }
  if (ocr.confidence) {
    const conf = ocr.confidence;
    st.ocrRead = ([a, b]) => conf(a, b) !== null;
  }
  const end = st.text.length;
  const secs = findSections(st);
  // Cells are read only between the start of section 二 and the start of section 五 (the whole
  // text when those headings are not found).
  const winFrom = secs[1]?.line ?? 0;
  const winTo = secs[4]?.line ?? secs[5]?.line ?? st.lineStarts.length;
  scanWindow(st, opts, winFrom, Math.max(winFrom, winTo));
  const [s1, s2, s3, s4, s5, s6] = secs;
  const findings: Finding[] = st.ocrRead ? fuzzySectionFindings(st, secs) : [];

  // ——— regions ———
  const t3From = s3?.end ?? firstLabel(st, T3_START_MARKS, s2?.end ?? 0, s4?.start ?? end) ?? null;
  const t2Search = s2?.end ?? s1?.end ?? 0;
  const t2Title = t2Start(st, t2Search, t3From ?? s4?.start ?? end);
  const t2From = t2Title ?? s2?.end ?? null;
  const t2To = t3From ?? s3?.start ?? s4?.start ?? end;
  let t3To = s4?.start ?? null;
  if (t3From !== null && t3To === null) {
    const cf = firstLabel(st, CARRIED_FORWARD, t3From, end);
    t3To = (cf !== null ? firstLabel(st, REVIEW, cf, end) : null) ?? s5?.start ?? s6?.start ?? end;
  }
  const t4From = s4?.end ?? t3To ?? null;
  const t4To = s5?.start ?? s6?.start ?? end;

  // ——— tables ———
  const empty: TableResult = { table: null, cells: [], findings: [], rowsFound: [] };
  const t2Template = t2From !== null ? detectT2Template(st, { from: t2From, to: t2To }) : null;
  const t3Shape: T3Shape | null = t3From !== null ? detectT3Shape(st, { from: t3From, to: t3To ?? end }) : null;
  const template: TemplateId | null = t2Template ?? (t3Shape === 'split-other' ? '2021' : null);
  const t2 = t2From !== null ? parseT2(st, { from: t2From, to: t2To }, t2Template ?? template ?? '2021') : { ...empty, model: null };
  // A table that ends before （六） is read with the rows of table 二's version (2019 when unknown).
  const t3ReadShape: T3Shape = t3Shape ?? (t2Template === '2021' ? 'split-other' : 'single-other');
  const t3 = t3From !== null ? parseT3(st, { from: t3From, to: t3To ?? end }, t3ReadShape, t2.model) : { ...empty, model: null };
  // Table 四 is placed by table 三's line model when its values stand one per line with blank lines.
  const t4 = t4From !== null ? parseT4(st, { from: t4From, to: t4To }, t3.model) : empty;
  findings.push(...t2.findings, ...t3.findings, ...t4.findings);

  // ——— sections, metadata, narrative ———
  const sections: SectionInfo[] = SECTIONS.map((s, i) => {
    const h = secs[i];
    if (!h) return { key: s.key, heading: null, span: null, line: null };
    const pl = placeOf(st, h.start, h.end);
    return { key: s.key, heading: h.heading, span: pl.span, line: pl.line };
  });
  const nextStart = (i: number): number => secs.slice(i + 1).find((x) => x)?.start ?? end;
  const bodyOf = (i: number): [number, number] | null => (secs[i] ? [secs[i]!.end, nextStart(i)] : null);
  const header = readHeader(st);
  const signature = readSignature(st);
  const skip = new Set([...secs.flatMap((h) => (h ? [h.line] : [])), ...header.lines]);
  const opening = bodyOf(0) ?? (s2 ? [0, s2.start] : [0, Math.min(end, 2000)]);
  const meta = completeMeta(st, findMeta(st, s2?.start ?? end, skip, s1?.line ?? null), {
    headerTitle: header.title,
    headerSource: header.source,
    signedBy: signature?.agency ?? null,
    opening: st.text.slice(opening[0], opening[1]),
    fileName: info.path ? (info.path.split(/[\\/]/).pop() ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '') : null,
  });
  // A title found after all takes back the warning that there was none (not one from the file's name).
  findings.push(...(meta.title && !meta.fromFileName ? meta.findings.filter((f) => f.rule !== 'M.title') : meta.findings));
  const publication: Publication = {
    date: header.date ?? signature?.date ?? null,
    dateFrom: header.date ? 'header' : signature?.date ? 'signature' : null,
    url: header.url,
    signedBy: signature?.agency ?? null,
  };
  const narrative = readNarrative(st, bodyOf(0) ?? (s2 ? [0, s2.start] : null), bodyOf(5), bodyOf(3));

  const t3Found = t3.table !== null;
  const anyTable = t2.table !== null || t3Found || t4.table !== null;
  const t3Version: TemplateId | null = t3Shape === 'split-other' ? '2021' : t3Shape === 'single-other' ? '2019' : null;
  const finalTemplate: TemplateId | null = template ?? (t3Found ? t3Version : null);
  if (!anyTable && secs.every((s) => s === null)) {
    findings.push({
      rule: 'P.notReport',
      severity: 'error',
      fatal: true,
      message: '未识别出政府信息公开工作年度报告的章节或统计表格：文件可能不是年度报告，或内容无法读取',
    });
  }
  const cells: Cell[] = [...t2.cells, ...t3.cells, ...t4.cells];
  const report: Report = {
    schema: 'nianbao.report/1',
    source: info,
    template: anyTable ? finalTemplate : null,
    layout: { t2: t2.table ? (t2Template ?? finalTemplate) : null, t3: t3Found ? t3Shape : null },
    title: meta.title,
    agency: meta.agency,
    agencyAlias: meta.agency === null && secs[0] ? findAlias(st.text.slice(secs[0].end, nextStart(0))) : null,
    year: meta.year,
    publication,
    sections,
    tables: { t2: t2.table, t3: t3.table, t4: t4.table },
    structure: {
      t2: { found: t2.table !== null, rows: t2.rowsFound },
      t3: { found: t3Found, rows: t3.rowsFound, columns: t3.columns ?? (t3Found ? T3_COLUMN_KEYS : []) },
      t4: { found: t4.table !== null },
    },
    cells,
    narrative,
    findings,
  };
  return { report, stream: st };
}
