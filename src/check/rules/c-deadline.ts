import type { Report } from '../../model/report.js';
import type { Rule } from '../rule.js';

/**
 * Published on time (条例第四十九条): a department's report for year t by 31 January t+1, a
 * people's government's own report (published by its 主管部门) by 31 March t+1. The kind of
 * agency is read from its name; when the name does not tell (no name, a township or 街道, whose
 * dates local rules set, a 管委会 or 实验区), the later date is used and the message says so —
 * never the earlier one on a guess. The date is the page's 发布时间, else the 落款 date (a report
 * signed after the deadline cannot have been published before it).
 */

export type AgencyKind = 'government' | 'department' | 'township' | null;

/** 县/区/市/省 people's government (its own report), a department or office, a township, or unknown. */
export function agencyKind(name: string | null): AgencyKind {
  if (!name) return null;
  const n = name.replace(/\s+/g, '');
  if (/(?:镇|乡|街道)(?:人民政府|政府|办事处)?$|街道办事处$/.test(n)) return 'township';
  if (/(?:人民政府|政府)$/.test(n)) return 'government';
  // 办公室/办公厅 of a government, 局, 厅, 委员会 … report on themselves: departments.
  if (/(?:办公室|办公厅|局|厅|委员会|委|署|办|中心|院|所|站|队|馆|处|支队|大队)$/.test(n) && !/(?:管理委员会|管委会)$/.test(n)) return 'department';
  return null;
}

const zhDate = (iso: string): string => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

const FROM = { header: '页面发布时间', signature: '落款日期' } as const;

/** The deadline for the report of year t and why. */
export function deadlineOf(r: Pick<Report, 'agency' | 'publication' | 'year'>): { date: string; kind: AgencyKind; name: string | null } | null {
  if (r.year === null) return null;
  const name = r.agency ?? r.publication?.signedBy ?? null;
  const kind = agencyKind(name);
  const date = kind === 'department' ? `${r.year + 1}-01-31` : `${r.year + 1}-03-31`;
  return { date, kind, name };
}

export const cDeadline: Rule = {
  meta: {
    id: 'C.deadline',
    severity: 'warning',
    type: 'text',
    docs: {
      description:
        '报告应按时发布：部门报告在次年1月31日前、人民政府本级报告在次年3月31日前（条例第四十九条）；依页面发布时间，无则依落款日期；单位类型不明（含乡镇、街道）时按3月31日核对并在提示中说明',
      en: 'Published on time: a department’s report by 31 Jan of the next year, a government’s own by 31 Mar (Art. 49); date from the page header, else the signature; when the agency kind is unknown (townships included) the later date is used and the message says so.',
      source: 'spec/review-criteria.md R.deadline；条例第四十九条',
    },
  },
  check(ctx) {
    const r = ctx.record;
    // (a record built elsewhere may lack the publication facts)
    const pub = r.publication;
    const due = deadlineOf(r);
    if (!due || !pub?.date || !pub.dateFrom) return;
    if (pub.date <= due.date) return;
    const who =
      due.kind === 'department'
        ? '部门报告'
        : due.kind === 'government'
          ? '人民政府本级报告'
          : due.kind === 'township'
            ? '乡镇（街道）报告的期限由各地规定，此处按人民政府报告'
            : `未能从${due.name ? `单位名称「${due.name}」` : '报告'}确定单位类型（部门或人民政府），按较晚的人民政府报告期限`;
    ctx.report({
      message: `报告${FROM[pub.dateFrom]}为${zhDate(pub.date)}，晚于条例第四十九条规定的${zhDate(due.date)}（${who}）`,
      actual: pub.date,
      expected: `${due.date} 或以前`,
      ...(pub.dateFrom === 'signature' ? { note: '落款日期是成文日期，实际发布不会早于此日' } : {}),
    });
  },
};
