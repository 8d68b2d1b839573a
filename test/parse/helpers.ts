/** Small hand-written report texts for parser tests (our own words, not seed text). */
import { T3_COLUMN_KEYS, t3Rows, type T3Shape } from '../../src/model/templates.js';
import type { ReadResult } from '../../src/read/types.js';

/** A reader's result for `text`; `ocr`: as if read by OCR (every span 96% sure). */
export const readOf = (text: string, ocr: boolean): ReadResult => ({
  format: 'pdf',
  text,
  findings: [],
  sourceText: text,
  ...(ocr ? { confidence: () => 96 } : {}),
});

export const T2_2021 = `二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 3 1 12
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 15
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 4
行政强制 0
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 1.25
`;

export const T2_2019 = `二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
规章 0 0 0
规范性文件 2 2 30
第二十条第（五）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 40 -3 120
其他对外管理服务事项 5 减1 7
第二十条第（六）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚 12 +2 30
行政强制 3 0 1
第二十条第（八）项
信息内容 上一年项目数量 本年增/减
行政事业性收费 4 0
第二十条第（九）项
信息内容 采购项目数量 采购总金额
政府集中采购 3 52.15
`;

/** Table 三 values: row → 7 numbers (a simple consistent set: 5 new, 1 carried, 4 granted, 1 notHeld, 1 forward). */
export function t3Values(shape: T3Shape): Record<string, number[]> {
  const zero = [0, 0, 0, 0, 0, 0, 0];
  const v: Record<string, number[]> = {};
  for (const r of t3Rows(shape)) if (r.kind === 'data') v[r.key] = zero.slice();
  v['newReceived'] = [4, 1, 0, 0, 0, 0, 5];
  v['carriedOver'] = [1, 0, 0, 0, 0, 0, 1];
  v['granted'] = [3, 1, 0, 0, 0, 0, 4];
  v['unable.notHeld'] = [1, 0, 0, 0, 0, 0, 1];
  v['total'] = [4, 1, 0, 0, 0, 0, 5];
  v['carriedForward'] = [1, 0, 0, 0, 0, 0, 1];
  return v;
}

export function t3Text(shape: T3Shape, values = t3Values(shape), edit: (row: string, cells: string) => string = (_r, c) => c): string {
  const lines = [
    '三、收到和处理政府信息公开申请情况',
    '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况',
    '自然人 法人或其他组织 总计',
    '商业企业 科研机构 社会公益组织 法律服务机构 其他',
  ];
  for (const r of t3Rows(shape)) {
    const label = (r.number ?? '') + r.label;
    if (r.kind === 'group') lines.push(label);
    else lines.push(`${label} ${edit(r.key, values[r.key]!.join(' '))}`);
  }
  return lines.join('\n') + '\n';
}

export const T4_TEXT = `四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉
结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计
1 0 0 1 2 0 0 0 0 0 0 1 0 0 1
`;

export function report(parts: { title?: string; t2?: string; t3?: string; t4?: string; s6?: string } = {}): string {
  return [
    parts.title ?? '某某县农业农村局2024年政府信息公开工作年度报告',
    '一、总体情况',
    '本年度我局认真落实条例要求，全年收到政府信息公开申请5件，均已按时答复。',
    parts.t2 ?? T2_2021,
    parts.t3 ?? t3Text('split-other'),
    parts.t4 ?? T4_TEXT,
    '五、存在的主要问题及改进情况',
    '个别栏目更新不够及时。下一步将加强培训。',
    '六、其他需要报告的事项',
    parts.s6 ?? '本年度发出收费通知的件数为0件，总金额为0元，实际收取的总金额为0元。',
  ].join('\n');
}

export const COLS = T3_COLUMN_KEYS;
