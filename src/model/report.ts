/** The canonical record of one annual report: `nianbao.report/1`. */
import type { TableId, TemplateId, T3Shape } from './templates.js';

export type Severity = 'error' | 'warning' | 'info';
export type SourceFormat = 'text' | 'html' | 'docx' | 'pdf' | 'image' | 'unknown';
export type CellStatus = 'read' | 'derived' | 'missing';

/** A place in the source: character span [start, end) of the decoded source text, 1-based line. */
export interface Place {
  span: [number, number];
  line: number;
  /** PDF only: 1-based page and box [x0, y0, x1, y1] in PDF points, origin top-left. */
  page?: number;
  box?: [number, number, number, number];
}

export interface Cell {
  table: TableId;
  row: string;
  col: string;
  value: number | null;
  status: CellStatus;
  /** The token as written, e.g. `1,234`, `0件`, `—`; null when nothing was read. */
  raw: string | null;
  span: [number, number] | null;
  line: number | null;
  page?: number;
  box?: [number, number, number, number];
  /** How the value was obtained when not plainly read: see docs/record.md. */
  flags?: CellFlag[];
  /** Unit written after the number, when any. */
  unit?: string;
  /** OCR only: the recognizer's confidence in the value's text, 0–100. */
  confidence?: number;
}

export type CellFlag =
  | 'zeroInferred' // a null token (—, -, /, 无) read as 0
  | 'unitStripped' // a unit such as 件 or 元 followed the number
  | 'split' // digits of several cells ran together and were split by a row-sum relation
  | 'placedByRelation' // fewer tokens than columns: placed because only one placement satisfies the relations
  | 'derivedFromRelation' // not printed: fixed by an arithmetic relation
  | 'lowConfidence';

export interface Finding {
  /** Rule id, e.g. `T3.balance`. */
  rule: string;
  severity: Severity;
  /** Chinese, naming the place as a reviewer would. */
  message: string;
  table?: TableId;
  row?: string;
  col?: string;
  span?: [number, number];
  line?: number;
  page?: number;
  /** PDF and scans: the box on the page, [x0, y0, x1, y1] in points, origin top-left. */
  box?: [number, number, number, number];
  actual?: number | string | null;
  expected?: number | string | null;
  /** Further explanation (Chinese). */
  note?: string;
  /** True when the document could not be read as a report at all. */
  fatal?: boolean;
}

export type Table = Record<string, Record<string, number | null>>;

export interface SectionInfo {
  key: 's1' | 's2' | 's3' | 's4' | 's5' | 's6';
  /** Heading as printed (normalized), or null when the section was not found. */
  heading: string | null;
  span: [number, number] | null;
  line: number | null;
  /** PDF and scans: the heading on the page. */
  page?: number;
  box?: [number, number, number, number];
  /** Pictures (HTML, DOCX) between this heading and the next: a table published as a picture. */
  pictures?: string[];
}

export interface Narrative {
  /** 主动公开…N条 (stored, not checked). */
  proactiveItems: number | null;
  /** 收到/受理…申请N件 in section 一. */
  requestsReceived: number | null;
  /** Section 一 says no requests were received (未收到/不涉及依申请公开). */
  noRequests: boolean;
  /** Section 一 or 四 says there was neither administrative review nor litigation (a statement naming only one sets nothing). */
  noReviewOrLitigation: boolean;
  /** Section 六 fee facts (信息处理费); amounts in 元. null when not stated. */
  infoFee: {
    noticeCount: number | null;
    noticeAmount: number | null;
    collectedAmount: number | null;
    /** full: all three stated; partial: some; absent: none. */
    compliance: 'full' | 'partial' | 'absent';
  };
  /** Where each fact was read. */
  places: Record<string, Place>;
}

export interface Publication {
  /** YYYY-MM-DD: the page's 发布时间 (header), else the date of the 落款 (signature); null when neither. */
  date: string | null;
  dateFrom: 'header' | 'signature' | null;
  /** The page's address, from a crawler's 原文链接 line. */
  url: string | null;
  /** The agency named in the 落款 at the end. */
  signedBy: string | null;
}

export interface Report {
  schema: 'nianbao.report/1';
  source: { path: string | null; sha256: string; format: SourceFormat; bytes: number; encoding?: string };
  /** Template actually used, from fingerprints; null when no table could be read. */
  template: TemplateId | null;
  /** Layout of each table as found (a hybrid report has t2 "2021" and t3 "single-other"). */
  layout: { t2: TemplateId | null; t3: T3Shape | null };
  title: string | null;
  agency: string | null;
  /** Short name of the agency found in the body when the title names none (e.g. 区国动办). */
  agencyAlias: string | null;
  year: number | null;
  /** Where and when the report was published, as the file says (a crawler's header lines, the 落款). */
  publication: Publication;
  sections: SectionInfo[];
  tables: { t2: Table | null; t3: Table | null; t4: Table | null };
  /** What the parser found of each table: rows whose label was found, columns the header names. */
  structure: {
    t2: { found: boolean; rows: string[] };
    t3: { found: boolean; rows: string[]; columns: string[] };
    t4: { found: boolean };
  };
  cells: Cell[];
  narrative: Narrative;
  findings: Finding[];
}
