/**
 * Mock data only: renders made-up report values (src/author/values.ts) as plain report text
 * in the statutory layout, so the mock server can run the real parser on it and serve
 * records with real spans, cells and findings. The prose is invented for the mock.
 */
import { T3_COLUMN_KEYS, T4_COLUMNS, T4_GROUPS, TEMPLATES, t3Rows } from '../../src/model/templates.js';
import type { ReportValues } from '../../src/author/values.js';

const fmt = (v: number | undefined): string => (v === undefined ? '' : String(v));

/** Mutations that make a report wrong in a way a reviewer would catch. */
export interface Damage {
  /** Add this much to one table 三 cell as printed: [row, col, delta]. */
  t3?: [string, string, number];
  /** Leave a table 四 value out. */
  dropT4?: boolean;
  /** Print nothing about the 信息处理费. */
  noFee?: boolean;
}

export function renderReport(v: ReportValues, damage: Damage = {}): string {
  const out: string[] = [];
  out.push(`${v.agency}${v.year}年政府信息公开工作年度报告`, '');
  out.push('一、总体情况');
  out.push(`${v.year}年，本单位依照《中华人民共和国政府信息公开条例》的规定，围绕年度工作安排推进政务公开，完善发布审核流程。`);
  if (v.narrative.proactiveItems !== null) out.push(`全年通过门户网站主动公开政府信息${v.narrative.proactiveItems}条。`);
  if (v.narrative.mentionRequests) out.push(`全年共收到政府信息公开申请${v.tables.t3['newReceived']?.['total'] ?? 0}件，均按期答复。`);
  out.push('');
  out.push('二、主动公开政府信息情况');
  for (const block of TEMPLATES[v.template].t2) {
    out.push(block.title);
    out.push(['信息内容', ...block.columns.map((c) => c.label)].join(' '));
    for (const row of block.rows) out.push([row.label, ...block.columns.map((c) => fmt(v.tables.t2[row.key]?.[c.key]))].join(' '));
    out.push('');
  }
  out.push('三、收到和处理政府信息公开申请情况');
  out.push('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）');
  out.push('申请人情况');
  out.push('自然人 法人或其他组织 总计');
  out.push('商业企业 科研机构 社会公益组织 法律服务机构 其他');
  for (const row of t3Rows(v.t3Shape)) {
    const label = `${row.number ?? ''}${row.label}`;
    if (row.kind === 'group') {
      out.push(label);
      continue;
    }
    const values = T3_COLUMN_KEYS.map((c) => {
      const x = v.tables.t3[row.key]?.[c];
      return damage.t3 && damage.t3[0] === row.key && damage.t3[1] === c && x !== undefined ? x + damage.t3[2] : x;
    });
    out.push([label, ...values.map(fmt)].join(' '));
  }
  out.push('');
  out.push('四、政府信息公开行政复议、行政诉讼情况');
  out.push('行政复议 行政诉讼');
  out.push('结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉');
  out.push(Array.from({ length: 2 }, () => T4_COLUMNS.map((c) => c.label).join(' ')).join(' '));
  const t4 = T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => fmt(v.tables.t4[g.key]?.[c.key])));
  if (damage.dropT4) t4.splice(7, 1);
  out.push(t4.join(' '));
  out.push('');
  out.push('五、存在的主要问题及改进情况');
  out.push('一是信息发布的及时性仍需提高；二是解读材料形式较为单一。下一步将加强培训，完善考核。');
  out.push('');
  out.push('六、其他需要报告的事项');
  const fee = v.narrative.fee;
  if (damage.noFee || fee.kind === 'absent') out.push('无其他需要报告的事项。');
  else if (fee.kind === 'none-collected') out.push('本年度未收取信息处理费。');
  else out.push(`本年度发出收费通知的件数为${fee.noticeCount}件，总金额${fee.noticeAmount}元，实际收取的总金额${fee.collectedAmount}元。`);
  out.push('');
  return out.join('\n');
}
