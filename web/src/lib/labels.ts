/** Every Chinese word the app shows for a code value, in one place. */
import type { CoverageState, ReportStatus, UploadOne } from './api';

export type Severity = 'error' | 'warning' | 'info';
export type CellStatus = 'read' | 'derived' | 'missing';

export const STATUS_LABEL: Record<ReportStatus, string> = { ok: '正常', errors: '有错误', unreadable: '无法读取' };
export const STATUS_COLOR: Record<ReportStatus, string> = { ok: 'green', errors: 'red', unreadable: 'default' };

/** What the list filters by: the stored status with 正常 split into 正常 (nothing open) and 有警告. */
export type ListStatus = ReportStatus | 'warnings';
export const LIST_STATUSES: readonly ListStatus[] = ['ok', 'warnings', 'errors', 'unreadable'];
export const LIST_STATUS_LABEL: Record<ListStatus, string> = { ok: '正常', warnings: '有警告', errors: '有错误', unreadable: '无法读取' };
export const LIST_STATUS_COLOR: Record<ListStatus, string> = { ok: 'green', warnings: 'orange', errors: 'red', unreadable: 'default' };
/** A report's list status from its stored status and open warnings. */
export const listStatusOf = (r: { status: ReportStatus; warnings: number }): ListStatus => (r.status === 'ok' && r.warnings > 0 ? 'warnings' : r.status);

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };
export const SEVERITY_COLOR: Record<Severity, string> = { error: 'red', warning: 'orange', info: 'blue' };

export const CELL_STATUS_LABEL: Record<CellStatus, string> = { read: '已读取', derived: '推算', missing: '缺失' };

export const FLAG_LABEL: Record<string, string> = {
  zeroInferred: '原文为「—」「无」等，按 0 计',
  unitStripped: '数字后带单位，已去掉单位',
  split: '几个数字连在一起，按行合计拆开',
  placedByRelation: '数字少于列数，按勾稽关系确定所在列',
  derivedFromRelation: '原文未填，按勾稽关系推算',
  lowConfidence: '读取把握不大，请核对原文',
};

export const FORMAT_LABEL: Record<string, string> = { text: '文本', html: '网页', docx: 'Word', pdf: 'PDF', unknown: '未知' };

export const TEMPLATE_LABEL: Record<string, string> = {
  '2019': '2019 版（国办公开办函〔2019〕60号）',
  '2021': '2021 版（国办公开办函〔2021〕30号）',
};

export const OUTCOME_LABEL: Record<UploadOne['outcome'], string> = {
  new: '新增',
  duplicate: '重复',
  superseded: '已替换旧版本',
  rejected: '拒绝',
  queued: '已进入队列',
};
export const OUTCOME_COLOR: Record<UploadOne['outcome'], string> = {
  new: 'green',
  duplicate: 'default',
  superseded: 'blue',
  rejected: 'red',
  queued: 'purple',
};

export const COVERAGE_LABEL: Record<CoverageState, string> = { ok: '已报送', errors: '有错误', unreadable: '无法读取', missing: '未报送' };
/** Cell colours of the coverage grid and chart: one hue per state, same in both. */
export const COVERAGE_COLOR: Record<CoverageState, string> = { ok: '#52c41a', errors: '#ff4d4f', unreadable: '#8c8c8c', missing: '#d9d9d9' };

export const DECISION_LABEL = { confirmed: '已确认', dismissed: '已忽略' } as const;

export const REVIEW_REASON_LABEL = { unmatched: '未匹配到单位', ambiguous: '可能对应多个单位' } as const;

/** Shown in place of an agency the report does not name. */
export const UNNAMED = '未写明';

/** 单位 as a reviewer reads it: the agency as the report names itself, else 未写明 (+ alias). */
export function agencyText(s: { agency: string | null; agencyAlias: string | null; unitName?: string | null }): string {
  if (s.agency) return s.agency;
  if (s.unitName) return s.unitName;
  return s.agencyAlias ? `${UNNAMED}（${s.agencyAlias}）` : UNNAMED;
}

/** 2024-03-05 14:07, local time; the raw string when it is not a date. */
export function dateTimeText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** What a finding is about, from its rule id's prefix, as a reviewer names it (the id itself goes in the tooltip). */
const RULE_GROUP: [RegExp, string][] = [
  [/^T2\./, '表二'],
  [/^T3\./, '表三'],
  [/^T4\./, '表四'],
  [/^X\./, '跨年度'],
  [/^S\d\./, '正文与表格'],
  [/^N\./, '正文与表格'],
  [/^M\./, '格式'],
  [/^C\./, '内容规范'],
  [/^P\./, '表格识别'],
  [/^R\./, '文件读取'],
];
export function ruleGroupLabel(rule: string): string {
  return RULE_GROUP.find(([re]) => re.test(rule))?.[1] ?? '其他';
}

/** A list's count: 「12」, 「1,234」, or 「1,000+」 (「200+」 for a search by words) when the server stopped counting (ReportList.totalCapped). */
export function totalText(list: { total: number; totalCapped: boolean } | null | undefined): string {
  if (!list) return '0';
  return `${list.total.toLocaleString('en-US')}${list.totalCapped ? '+' : ''}`;
}
