/**
 * What the editor tests start from: a unit's register of generated requests over 2023–2024, and
 * its 2023 report written from that register (表二 filled, the six sections written) as the DOCX
 * a unit would have published — the "last year's report" the 2024 report is opened from.
 */
import { prefill, withEdits, emptyT2 } from '../../src/editor/record.js';
import type { Report } from '../../src/model/report.js';
import { aggregateYear } from '../../src/register/index.js';
import type { RegisterRow } from '../../src/register/row.js';
import { renderReport } from '../../src/render/report.js';
import { generateRegister } from '../register/generate.js';

export const UNIT = '延津县财政局';
export const REGION = '河南省/新乡市/延津县';

export const registerRows = (seed = 41, n = 60): RegisterRow[] => generateRegister(seed, n, 2023, 2024).map((g) => g.row);

export const SECTION_TEXT = {
  s1: '本年度，本单位认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开、依申请公开工作有序开展。',
  s2: '主动公开政府信息情况见下表。',
  s3: '收到和处理政府信息公开申请情况见下表。',
  s4: '政府信息公开行政复议、行政诉讼情况见下表。',
  s5: '存在的主要问题是公开内容不够全面，下一步将加强培训。',
  s6: '本年度未收取信息处理费。',
} as const;

/** Table 二 of 2023 with every cell written (规章 3 in force, 规范性文件 12). */
export function t2of2023(): Report['tables']['t2'] & object {
  const t = emptyT2('2021');
  let n = 1;
  for (const cols of Object.values(t)) for (const c of Object.keys(cols)) cols[c] = n++ % 7;
  t['regulations']!['inForce'] = 3;
  t['normativeDocuments']!['inForce'] = 12;
  return t;
}

/** The unit's 2023 report from the register, as DOCX bytes and the record. */
export async function lastYearDocx(rows: RegisterRow[]): Promise<{ record: Report; bytes: Uint8Array }> {
  const p = prefill({ unitName: UNIT, year: 2023, previous: null, register: aggregateYear(rows, 2023) });
  const s6 = p.sections.s6 ?? SECTION_TEXT.s6;
  const sections = { ...SECTION_TEXT, s6 };
  const record = withEdits(p.record, { t2: t2of2023(), t3: p.record.tables.t3!, t4: p.record.tables.t4! }, sections);
  const out = await renderReport(record, 'docx', { sections });
  if (!out.ok) throw new Error(out.message);
  return { record, bytes: out.bytes };
}
