/**
 * The register as XLSX: the template (Chinese headers, value lists, 填写说明), export, and import.
 * The import is all or nothing: every row is read and checked, each bad row is named with its row
 * number, its column and the reason, and no row is returned unless all are good. It never throws.
 */
import ExcelJS from 'exceljs';
import { inflatesBeyond } from '../read/zip.js';
import type { Severity } from '../model/report.js';
import { CHINA, type WorkCalendar } from './calendar.js';
import {
  cellInput,
  cellText,
  formatPeriods,
  isBlank,
  parseBool,
  parseDate,
  parseInt_,
  parseMoney,
  parsePeriods,
  type CellInput,
  type Parsed,
} from './cells.js';
import { REGISTER_COLUMNS, type ColumnKind, type RegisterColumn } from './columns.js';
import { dayNumber, type IsoDate } from './dates.js';
import { deadlines } from './deadline.js';
import type { RegisterFinding } from './finding.js';
import {
  APPLICANT_LABELS,
  CASE_RESULT_LABELS,
  CHANNEL_ALIASES,
  CHANNEL_LABELS,
  FEE_METHOD_LABELS,
  FIELD_LABELS,
  LITIGATION_LABELS,
  OUTCOME_LABELS,
  PENDING_LABEL,
  fieldName,
} from './labels.js';
import { APPLICANT_TYPES, CHANNELS, OUTCOMES, registerRowSchema, type ApplicantType, type RegisterRow } from './row.js';
import { labelKey } from './text.js';
import { registerProblems, rowProblems } from './validate.js';

export const REGISTER_SHEET = '依申请公开台账';
/** Rows the template prepares value lists for. */
const TEMPLATE_ROWS = 500;
export const MAX_REGISTER_BYTES = 20 * 1024 * 1024;
export const MAX_REGISTER_ROWS = 100_000;
/** The most a register workbook may unpack to (100,000 rows of text is well under it). */
export const MAX_REGISTER_INFLATED = 96 * 1024 * 1024;

// ——— value lists ———

/** Applicant types as written on import: the six labels, keys, and common names (configurable). */
export const DEFAULT_APPLICANT_MAPPING: Record<string, ApplicantType> = {
  个人: 'naturalPerson',
  公民: 'naturalPerson',
  企业: 'commercial',
  公司: 'commercial',
  个体工商户: 'commercial',
  研究机构: 'research',
  律师事务所: 'legalService',
  基层法律服务所: 'legalService',
  '法人或其他组织-其他': 'otherOrg',
  其他组织: 'otherOrg',
};

function lookup<T extends string>(entries: [string, T][]): Map<string, T> {
  const m = new Map<string, T>();
  for (const [label, v] of entries) m.set(labelKey(label), v);
  return m;
}
const CHANNEL_MAP = lookup<string>([
  ...CHANNELS.map((c) => [c, c] as [string, string]),
  ...Object.entries(CHANNEL_LABELS).map(([k, l]) => [l, k] as [string, string]),
  ...Object.entries(CHANNEL_ALIASES),
]);
/** Outcome labels, their part after the group (属于国家秘密) when unique, and keys. */
const OUTCOME_MAP: Map<string, string> = (() => {
  const m = lookup<string>([...OUTCOMES.map((k) => [k, k] as [string, string]), ...Object.entries(OUTCOME_LABELS).map(([k, l]) => [l, k] as [string, string])]);
  const short = new Map<string, string[]>();
  for (const [k, l] of Object.entries(OUTCOME_LABELS)) {
    const s = labelKey(l.split('-').pop()!);
    short.set(s, [...(short.get(s) ?? []), k]);
  }
  for (const [s, ks] of short) if (ks.length === 1 && !m.has(s)) m.set(s, ks[0]!);
  m.set(labelKey('部分公开（区分处理的，只计这一情形，不计其他情形）'), 'partial');
  return m;
})();
const FEE_MAP = lookup<'perRequest' | 'perPage'>([
  ['按件', 'perRequest'],
  ['按件计收', 'perRequest'],
  ['perRequest', 'perRequest'],
  ['按量', 'perPage'],
  ['按量计收', 'perPage'],
  ['perPage', 'perPage'],
]);
const RESULT_MAP = lookup<string>([
  ['结果维持', 'upheld'],
  ['维持', 'upheld'],
  ['结果纠正', 'corrected'],
  ['纠正', 'corrected'],
  ['其他结果', 'other'],
  ['其他', 'other'],
  ['upheld', 'upheld'],
  ['corrected', 'corrected'],
  ['other', 'other'],
  [PENDING_LABEL, ''],
  ['未审结', ''],
  ['审理中', ''],
]);
const LITIGATION_MAP = lookup<string>([
  [LITIGATION_LABELS.direct, 'direct'],
  ['直接起诉', 'direct'],
  [LITIGATION_LABELS.afterReview, 'afterReview'],
]);

/** Drops the list numbers before a label and its group: （三）不予公开-1.属于国家秘密 → 不予公开-属于国家秘密. */
const stripNumber = (s: string): string =>
  s
    .split('-')
    .map((p) => p.replace(/^(?:\([一二三四五六七]\)|[一二三四]、|\d+\.)/, ''))
    .join('-');

// ——— import ———

export interface ImportOptions {
  /** Extra applicant-type spellings → type (merged over the defaults). */
  applicantMapping?: Record<string, ApplicantType>;
  calendar?: WorkCalendar;
}

export interface ImportResult {
  /** True when every row was good: `rows` holds them all. False: `rows` is empty. */
  ok: boolean;
  rows: RegisterRow[];
  /** Non-blank data rows read. */
  total: number;
  /** Spreadsheet row numbers rejected. */
  rejected: number[];
  /** Errors (each rejecting its row, or the file) and warnings, naming 第N行「列」. */
  messages: RegisterFinding[];
}

const fail = (message: string): ImportResult => ({
  ok: false,
  rows: [],
  total: 0,
  rejected: [],
  messages: [{ rule: 'R.import.file', severity: 'error', message }],
});

interface Located {
  line: number;
  /** field → cell input */
  cells: Map<string, CellInput>;
}

/** Header cells → column, by label (full-width forms and spaces ignored; a trailing （…） optional when unique). */
function matchHeader(h: string): RegisterColumn | null {
  const k = labelKey(h);
  if (!k) return null;
  const exact = REGISTER_COLUMNS.find((c) => labelKey(c.header) === k);
  if (exact) return exact;
  const bare = (s: string): string => s.replace(/\([^()]*\)$/, '');
  const loose = REGISTER_COLUMNS.filter((c) => bare(labelKey(c.header)) === bare(k));
  return loose.length === 1 ? loose[0]! : null;
}

/** Reads one cell for its column: the value (null when blank) or the reason it is bad. */
function readCell(kind: ColumnKind, v: CellInput, mapping: Map<string, ApplicantType>): Parsed<unknown> {
  const text = cellText(v);
  const key = stripNumber(labelKey(text));
  const written = v === null || v instanceof Date ? text : String(v).trim();
  const pick = <T>(m: Map<string, T>, what: string, allowed: string): Parsed<T | null> => {
    if (key === '') return { ok: true, value: null };
    const hit = m.get(key);
    return hit !== undefined ? { ok: true, value: hit } : { ok: false, reason: `无法识别的${what}「${written}」，应为${allowed}` };
  };
  switch (kind) {
    case 'text':
      return { ok: true, value: text === '' ? null : text };
    case 'date':
      return parseDate(v);
    case 'int':
      return parseInt_(v, 1, 100_000);
    case 'money':
      return parseMoney(v);
    case 'bool':
      return parseBool(v);
    case 'periods':
      return parsePeriods(v);
    case 'applicantType':
      return pick(mapping, '申请人类别', Object.values(APPLICANT_LABELS).join('、'));
    case 'channel':
      return pick(CHANNEL_MAP, '申请渠道', Object.values(CHANNEL_LABELS).join('、'));
    case 'outcome':
      return pick(OUTCOME_MAP, '办理结果', '表三的办理结果行（见「取值」表）');
    case 'feeMethod':
      return pick(FEE_MAP, '收费方式', '按件或按量');
    case 'caseResult':
      return pick(RESULT_MAP, '结果', `结果维持、结果纠正、其他结果或${PENDING_LABEL}`);
    case 'litigationType':
      return pick(LITIGATION_MAP, '行政诉讼类型', '未经复议直接起诉或复议后起诉');
  }
}

/** zod's complaint about a field, in Chinese. */
function zodReason(code: string, value: unknown, message: string, issue: { minimum?: unknown; maximum?: unknown }): string {
  if (value === undefined || value === null || value === '') return '未填写（必填）';
  if (code === 'too_small') return `应不小于${String(issue.minimum)}`;
  if (code === 'too_big') return `应不大于${String(issue.maximum)}`;
  if (code === 'custom') return message;
  return '取值无效';
}

function getPath(o: unknown, path: PropertyKey[]): unknown {
  let x: unknown = o;
  for (const p of path) x = x && typeof x === 'object' ? (x as Record<PropertyKey, unknown>)[p] : undefined;
  return x;
}

/** One data row → the row input for the schema, or the reasons per field. */
function buildRow(r: Located, mapping: Map<string, ApplicantType>): { input: Record<string, unknown>; errors: { field: string; reason: string }[] } {
  const values = new Map<string, unknown>();
  const errors: { field: string; reason: string }[] = [];
  for (const c of REGISTER_COLUMNS) {
    const v = r.cells.get(c.field) ?? null;
    const got = readCell(c.kind, v, mapping);
    if (!got.ok) errors.push({ field: c.field, reason: got.reason });
    else if (got.value !== null && got.value !== '') values.set(c.field, got.value);
  }
  const input: Record<string, unknown> = {};
  for (const f of ['id', 'applicantKey', 'applicantType', 'channel', 'submittedAt', 'signedAt', 'confirmedAt', 'receivedDate', 'subject', 'splitFrom']) {
    if (values.has(f)) input[f] = values.get(f);
  }
  for (const f of ['correctionNoticeDate', 'correctionDueDate', 'correctionReceivedDate', 'outcome', 'replyDate', 'notes'])
    if (values.has(f)) input[f] = values.get(f);
  // The type as written, when it is not one of the six labels.
  const rawType = cellText(r.cells.get('applicantType') ?? null);
  const written = values.get('applicantTypeRaw') ?? (rawType && !Object.values(APPLICANT_LABELS).includes(rawType) ? rawType : undefined);
  if (written !== undefined) input['applicantTypeRaw'] = written;
  const consultations: unknown[] = [];
  for (const kind of ['thirdParty', 'otherAgency'] as const)
    for (const p of (values.get(`consultations.${kind}`) as { from: string; to: string | null }[] | undefined) ?? []) consultations.push({ kind, ...p });
  if (consultations.length) input['consultations'] = consultations;
  // A group of fields is present when any of its cells is filled.
  const group = (prefix: string, keys: string[]): Record<string, unknown> | null => {
    const o: Record<string, unknown> = {};
    let any = false;
    for (const k of keys) {
      const v = values.get(`${prefix}.${k}`);
      if (v === undefined || v === '' || v === false) continue;
      any = true;
      o[k] = v;
    }
    return any ? o : null;
  };
  const ext = group('extension', ['days', 'approvedDate', 'noticeDate']);
  if (ext) input['extension'] = ext;
  const art35 = group('art35', ['reasonRequestDate', 'delayedDueDate']);
  if (art35) input['art35'] = art35;
  const fee = group('fee', ['method', 'pages', 'noticeDate', 'noticeReceivedDate', 'amountYuan', 'paidDate', 'paidAmountYuan', 'waived']);
  if (fee) input['fee'] = fee;
  const review = group('review', ['filedDate', 'result', 'decidedDate']);
  if (review) input['review'] = review;
  const lit = group('litigation', ['afterReview', 'filedDate', 'result', 'decidedDate']);
  if (lit) {
    if (lit['afterReview'] !== undefined) lit['afterReview'] = lit['afterReview'] === 'afterReview';
    input['litigation'] = lit;
  }
  return { input, errors };
}

/** Reads a register workbook. Never throws: a bad file or bad rows come back as messages. */
export async function importRegisterXlsx(bytes: Uint8Array, opts: ImportOptions = {}): Promise<ImportResult> {
  try {
    return await importUnsafe(bytes, opts);
  } catch (e) {
    return fail(`台账文件无法读取：${String((e as Error)?.message ?? e).slice(0, 200)}`);
  }
}

async function importUnsafe(bytes: Uint8Array, opts: ImportOptions): Promise<ImportResult> {
  const cal = opts.calendar ?? CHINA;
  if (bytes.byteLength === 0) return fail('台账文件为空');
  if (bytes.byteLength > MAX_REGISTER_BYTES) return fail(`台账文件过大（超过${MAX_REGISTER_BYTES / 1024 / 1024}MB）`);
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return fail('台账文件不是XLSX格式（请用Excel或WPS另存为.xlsx）');
  // Inflated first, metered: a small file that unpacks into a huge sheet is refused before ExcelJS holds it.
  if (inflatesBeyond(bytes, MAX_REGISTER_INFLATED)) return fail(`台账文件解压后超过${MAX_REGISTER_INFLATED / 1024 / 1024}MB，未导入（请拆分或删去多余的格式）`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    return fail('台账文件无法作为XLSX读取（文件可能已损坏或加密）');
  }
  const ws = wb.getWorksheet(REGISTER_SHEET) ?? wb.worksheets[0];
  if (!ws) return fail('台账文件中没有工作表');
  const messages: RegisterFinding[] = [];
  const msg = (severity: Severity, rule: string, line: number, field: string | null, reason: string, id?: string): void => {
    messages.push({
      rule,
      severity,
      line,
      ...(field ? { field } : {}),
      ...(id ? { id } : {}),
      message: `第${line}行${field ? `${fieldName(field)}列` : ''}：${reason}`,
    });
  };

  // The header: the first of the first ten rows that names 编号 and 申请渠道.
  let headerLine = 0;
  const byCol = new Map<number, RegisterColumn>();
  for (let i = 1; i <= Math.min(10, ws.rowCount) && !headerLine; i++) {
    const row = ws.getRow(i);
    const found = new Map<number, RegisterColumn>();
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const m = matchHeader(cellText(cellInput(cell.value)));
      if (m) found.set(c, m);
    });
    const fields = new Set([...found.values()].map((c) => c.field));
    if (fields.has('id') && fields.has('channel')) {
      headerLine = i;
      for (const [c, m] of found) byCol.set(c, m);
    }
  }
  if (!headerLine) return fail(`未找到表头：工作表「${ws.name}」前10行中没有同时包含「编号」和「申请渠道」的行（请使用台账模板）`);
  const seen = new Map<string, number>();
  for (const [c, m] of byCol) {
    if (seen.has(m.field)) return fail(`第${headerLine}行：「${m.header}」列出现了两次（第${seen.get(m.field)}列和第${c}列）`);
    seen.set(m.field, c);
  }
  const missing = REGISTER_COLUMNS.filter((c) => c.required && !seen.has(c.field));
  if (missing.length) return fail(`表头缺少必需的列：${missing.map((c) => `「${c.header}」`).join('')}`);
  ws.getRow(headerLine).eachCell({ includeEmpty: false }, (cell, c) => {
    const h = cellText(cellInput(cell.value));
    if (!byCol.has(c) && h) msg('warning', 'R.import.header', headerLine, null, `「${h}」列不是台账的列，已忽略`);
  });

  const data: Located[] = [];
  for (let i = headerLine + 1; i <= ws.rowCount; i++) {
    const row = ws.getRow(i);
    const cells = new Map<string, CellInput>();
    let filled = false;
    for (const [c, m] of byCol) {
      const v = cellInput(row.getCell(c).value);
      if (!isBlank(v)) filled = true;
      cells.set(m.field, v);
    }
    if (!filled) continue;
    if (data.length >= MAX_REGISTER_ROWS) return fail(`台账超过${MAX_REGISTER_ROWS}行，请分批导入`);
    data.push({ line: i, cells });
  }

  const mapping = new Map<string, ApplicantType>();
  for (const [k, v] of [
    ...APPLICANT_TYPES.map((t) => [t, t] as const),
    ...Object.entries(APPLICANT_LABELS).map(([k, l]) => [l, k as ApplicantType] as const),
    ...Object.entries(DEFAULT_APPLICANT_MAPPING),
    ...Object.entries(opts.applicantMapping ?? {}),
  ])
    mapping.set(labelKey(k), v);

  const rejected = new Set<number>();
  const good: { line: number; row: RegisterRow }[] = [];
  for (const r of data) {
    const { input, errors } = buildRow(r, mapping);
    for (const e of errors) msg('error', 'R.import.cell', r.line, e.field, e.reason);
    if (errors.length) {
      rejected.add(r.line);
      continue;
    }
    const parsed = registerRowSchema.safeParse(input);
    if (!parsed.success) {
      const done = new Set<string>();
      for (const issue of parsed.error.issues) {
        const path = issue.path.filter((p) => typeof p === 'string').join('.');
        const field = FIELD_LABELS[path] ? path : (issue.path[0] as string);
        if (done.has(field)) continue;
        done.add(field);
        msg(
          'error',
          'R.import.cell',
          r.line,
          field,
          zodReason(issue.code, getPath(input, issue.path), issue.message, issue as { minimum?: unknown; maximum?: unknown }),
        );
      }
      rejected.add(r.line);
      continue;
    }
    const row = parsed.data;
    for (const p of rowProblems(row, cal)) {
      msg(p.severity, p.rule, r.line, p.field, p.reason, row.id);
      if (p.severity === 'error') rejected.add(r.line);
    }
    if (!rejected.has(r.line)) good.push({ line: r.line, row });
  }
  for (const { index, problem } of registerProblems(good.map((g) => g.row))) {
    const g = good[index]!;
    const first = good.find((x) => x.row.id === g.row.id)!;
    const reason = problem.rule === 'R.duplicateId' ? `编号「${g.row.id}」重复（第${first.line}行已有）` : problem.reason;
    msg(problem.severity, problem.rule, g.line, problem.field, reason, g.row.id);
    if (problem.severity === 'error') rejected.add(g.line);
  }
  messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const ok = rejected.size === 0;
  if (!ok)
    messages.unshift({
      rule: 'R.import.rejected',
      severity: 'error',
      message: `台账有${rejected.size}行错误（第${[...rejected].sort((a, b) => a - b).join('、')}行），全部${data.length}行均未导入；请改正后重新导入`,
    });
  return { ok, rows: ok ? good.map((g) => g.row) : [], total: data.length, rejected: [...rejected].sort((a, b) => a - b), messages };
}

// ——— export ———

const utcDate = (d: IsoDate): Date => new Date(dayNumber(d) * 86_400_000);

/** The cell a field of a row is written as. */
function exportValue(row: RegisterRow, c: RegisterColumn): string | number | Date | null {
  const path = c.field.split('.');
  if (path[0] === 'consultations') {
    const ps = row.consultations.filter((x) => x.kind === path[1]);
    return ps.length ? formatPeriods(ps) : null;
  }
  const v = getPath(row, path);
  if (v === null || v === undefined) {
    if (c.kind === 'caseResult' && getPath(row, [path[0]!])) return PENDING_LABEL;
    return null;
  }
  switch (c.kind) {
    case 'date':
      return utcDate(v as string);
    case 'applicantType':
      return APPLICANT_LABELS[v as ApplicantType];
    case 'channel':
      return CHANNEL_LABELS[v as keyof typeof CHANNEL_LABELS];
    case 'outcome':
      return OUTCOME_LABELS[v as string] ?? String(v);
    case 'feeMethod':
      return FEE_METHOD_LABELS[v as 'perRequest' | 'perPage'];
    case 'caseResult':
      return CASE_RESULT_LABELS[v as keyof typeof CASE_RESULT_LABELS];
    case 'litigationType':
      return v ? LITIGATION_LABELS.afterReview : LITIGATION_LABELS.direct;
    case 'bool':
      return v ? '是' : null;
    default:
      return v as string | number;
  }
}

const LISTS: { title: string; kind: ColumnKind; values: string[] }[] = [
  { title: '申请人类别', kind: 'applicantType', values: Object.values(APPLICANT_LABELS) },
  { title: '申请渠道', kind: 'channel', values: Object.values(CHANNEL_LABELS) },
  { title: '办理结果', kind: 'outcome', values: OUTCOMES.map((k) => OUTCOME_LABELS[k]!) },
  { title: '收费方式', kind: 'feeMethod', values: Object.values(FEE_METHOD_LABELS) },
  { title: '复议、诉讼结果', kind: 'caseResult', values: [...Object.values(CASE_RESULT_LABELS), PENDING_LABEL] },
  { title: '行政诉讼类型', kind: 'litigationType', values: Object.values(LITIGATION_LABELS) },
  { title: '是否', kind: 'bool', values: ['是', '否'] },
];

const colLetter = (n: number): string => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

export interface ExportOptions {
  /** Add a sheet 办理期限 with each request's deadline and flags on this day. */
  asOf?: IsoDate | null;
  calendar?: WorkCalendar;
}

/**
 * The register workbook: sheet 依申请公开台账 (one row per request, Chinese headers, value lists on
 * the coded columns), 取值 (the allowed values), 填写说明 (each column), and with `asOf` 办理期限.
 * With no rows it is the empty template.
 */
export async function exportRegisterXlsx(rows: RegisterRow[], opts: ExportOptions = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'nianbao';
  const ws = wb.addWorksheet(REGISTER_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = REGISTER_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  REGISTER_COLUMNS.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.note = c.note;
    if (c.required) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  });
  for (const r of rows) {
    const added = ws.addRow(REGISTER_COLUMNS.map((c) => exportValue(r, c)));
    REGISTER_COLUMNS.forEach((c, i) => {
      const cell = added.getCell(i + 1);
      if (c.kind === 'date') cell.numFmt = 'yyyy-mm-dd';
      else if (c.kind === 'text' || c.kind === 'periods') cell.numFmt = '@';
    });
  }

  // 取值: one column per list; the coded columns pick from them.
  const lists = wb.addWorksheet('取值');
  LISTS.forEach((l, j) => {
    lists.getCell(1, j + 1).value = l.title;
    lists.getCell(1, j + 1).font = { bold: true };
    lists.getColumn(j + 1).width = l.kind === 'outcome' ? 40 : 16;
    l.values.forEach((v, i) => (lists.getCell(i + 2, j + 1).value = v));
  });
  const last = Math.max(TEMPLATE_ROWS, rows.length + 100);
  REGISTER_COLUMNS.forEach((c, i) => {
    const j = LISTS.findIndex((l) => l.kind === c.kind);
    if (j < 0) return;
    const validation: ExcelJS.DataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`取值!$${colLetter(j + 1)}$2:$${colLetter(j + 1)}$${LISTS[j]!.values.length + 1}`],
      // 申请人类别 also takes the spellings of the mapping (律师事务所, 个体工商户): no error box there.
      showErrorMessage: c.kind !== 'applicantType',
      errorTitle: c.header,
      error: `请从「取值」表的「${LISTS[j]!.title}」中选择`,
    };
    for (let r = 2; r <= last; r++) ws.getCell(r, i + 1).dataValidation = validation;
  });

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'h', width: 22 },
    { header: '必填', key: 'r', width: 6 },
    { header: '说明', key: 'n', width: 100 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of REGISTER_COLUMNS) help.addRow([c.header, c.required ? '是' : '', c.note]);
  help.addRow([]);
  for (const line of [
    '每行一件申请。日期写作2024-03-05（也可用Excel日期）。金额以元为单位。',
    '导入时逐行检查：任何一行有错，整个文件都不导入，并列出每个错误的行号、列名和原因。',
    '答复期限按工作日计算（含法定节假日和调休），自收到申请之日（或收到补正后申请之日）的次日起算。',
  ])
    help.addRow(['', '', line]);

  if (opts.asOf) {
    const d = deadlines(rows, { asOf: opts.asOf, calendar: opts.calendar ?? CHINA });
    const sheet = wb.addWorksheet('办理期限');
    sheet.columns = [
      { header: '编号', key: 'id', width: 14 },
      { header: '收到申请之日', key: 'received', width: 14 },
      { header: '起算日', key: 'start', width: 14 },
      { header: '答复期限', key: 'due', width: 14 },
      { header: '办结日期', key: 'concluded', width: 14 },
      { header: '状态', key: 'status', width: 12 },
      { header: `截至${opts.asOf}`, key: 'flag', width: 14 },
    ];
    sheet.getRow(1).font = { bold: true };
    const STATUS = { concluded: '已办结', awaitingCorrection: '待补正', open: '办理中', unknown: '无法确定' } as const;
    for (const x of d.rows)
      sheet.addRow([
        x.id,
        x.received,
        x.start,
        x.due,
        x.concluded,
        STATUS[x.status],
        x.late ? '逾期答复' : x.overdue ? '已逾期' : x.dueThisWeek ? '本周到期' : x.provisional ? '期限待核' : '',
      ]);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The empty register template. */
export const registerTemplateXlsx = (): Promise<Uint8Array> => exportRegisterXlsx([]);
