/**
 * The demo set loaded by `nianbao serve --demo` (and `npm start`): reports of the units of a
 * fictional county over two years, made by the project's own fixture generators — DOCX, HTML
 * (UTF-8 and GB18030), text — with some errors put in on purpose, a unit that did not publish,
 * a corrected file that replaces an earlier one, and a report from a unit not on the list. Two
 * more come as a PDF (a DOCX converted by LibreOffice) and as a scan of that printed PDF; they
 * need LibreOffice and poppler, so they are made apart (`pending`, see ./demo-pdf.ts).
 * Names and numbers are invented.
 */
import { T3_COLUMN_KEYS, type T3Shape, type TemplateId } from '../model/templates.js';
import { buildDocx } from './docx-fixture.js';
import { proseOf, randomGold, type FixtureGold } from './fixture-gold.js';
import { wordHtml } from './html-fixture.js';

export interface DemoFile {
  name: string;
  bytes: Uint8Array;
}

/** A demo report still to be made into a PDF or a scan: its DOCX. */
export interface PendingDemoFile extends DemoFile {
  make: 'pdf' | 'scan';
}

export const DEMO_REGION = '演示省/演示市/青禾县';

interface Plan {
  agency: string;
  level: string;
  aliases?: string[];
  /** Not on the unit list (shows the review queue). */
  unlisted?: boolean;
  years: Partial<Record<2023 | 2024, { format: 'docx' | 'html' | 'html-gb' | 'text' | 'pdf' | 'scan'; shape?: T3Shape; fault?: Fault; corrected?: boolean }>>;
}

type Fault = 'balance' | 't4sum' | 'lostColumn';

const PLANS: Plan[] = [
  { agency: '青禾县人民政府办公室', level: '县级', years: { 2023: { format: 'docx' }, 2024: { format: 'docx' } } },
  { agency: '青禾县教育局', level: '县级部门', years: { 2023: { format: 'html' }, 2024: { format: 'docx', fault: 'balance' } } },
  { agency: '青禾县卫生健康委员会', level: '县级部门', aliases: ['县卫健委'], years: { 2023: { format: 'html-gb' } } },
  { agency: '青禾县市场监督管理局', level: '县级部门', years: { 2023: { format: 'docx', shape: 'single-other' }, 2024: { format: 'html', fault: 't4sum' } } },
  { agency: '青禾县司法局', level: '县级部门', years: { 2023: { format: 'docx' }, 2024: { format: 'docx', fault: 'balance', corrected: true } } },
  { agency: '青禾县财政局', level: '县级部门', years: { 2023: { format: 'text' }, 2024: { format: 'text', fault: 'lostColumn' } } },
  { agency: '青禾镇人民政府', level: '乡级', years: { 2023: { format: 'docx' }, 2024: { format: 'html-gb' } } },
  { agency: '白鹭乡人民政府', level: '乡级', years: { 2024: { format: 'html' } } },
  { agency: '青禾县人民防空办公室', level: '县级部门', unlisted: true, years: { 2024: { format: 'docx' } } },
  { agency: '青禾县交通运输局', level: '县级部门', years: { 2024: { format: 'pdf', fault: 'balance' } } },
  // The scan's table 四 does not add up: its cells are listed in 识别核对 for the reviewer to check against the page
  // (the scan itself now reads with no doubt, and a list with nothing on it shows nothing).
  { agency: '青禾县水利局', level: '县级部门', years: { 2024: { format: 'scan', fault: 't4sum' } } },
];

function faulty(g: FixtureGold, fault: Fault | undefined): FixtureGold {
  if (fault === 'balance') {
    // Row sums still hold, but 本年新收 + 上年结转 ≠ 办理结果总计 + 结转下年度.
    const nr = g.t3['newReceived']!;
    nr['naturalPerson'] = nr['naturalPerson']! + 2;
    nr['total'] = nr['total']! + 2;
  }
  if (fault === 't4sum') g.t4['review']!['total'] = g.t4['review']!['total']! + 1;
  return g;
}

/** Table 三 as tab-separated text; `lostColumn` drops the 其他 column and its header, as some extractions do. */
function textReport(g: FixtureGold, lostColumn: boolean): string {
  const cols = T3_COLUMN_KEYS.filter((c) => !(lostColumn && c === 'otherOrg'));
  const row = (label: string, key: string): string => [label, ...cols.map((c) => String(g.t3[key]?.[c] ?? ''))].join('\t');
  const t3Labels: [string, string][] = [
    ['一、本年新收政府信息公开申请数量', 'newReceived'],
    ['二、上年结转政府信息公开申请数量', 'carriedOver'],
    ['（一）予以公开', 'granted'],
    ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 'partial'],
    ['1.属于国家秘密', 'denied.stateSecret'],
    ['2.其他法律行政法规禁止公开', 'denied.lawProhibited'],
    ['3.危及“三安全一稳定”', 'denied.safetyStability'],
    ['4.保护第三方合法权益', 'denied.thirdParty'],
    ['5.属于三类内部事务信息', 'denied.internalAffairs'],
    ['6.属于四类过程性信息', 'denied.processInfo'],
    ['7.属于行政执法案卷', 'denied.enforcementFile'],
    ['8.属于行政查询事项', 'denied.queryMatter'],
    ['1.本机关不掌握相关政府信息', 'unable.notHeld'],
    ['2.没有现成信息需要另行制作', 'unable.needCreation'],
    ['3.补正后申请内容仍不明确', 'unable.unclear'],
    ['1.信访举报投诉类申请', 'declined.complaint'],
    ['2.重复申请', 'declined.duplicate'],
    ['3.要求提供公开出版物', 'declined.publication'],
    ['4.无正当理由大量反复申请', 'declined.massive'],
    ['5.要求行政机关确认或重新出具已获取信息', 'declined.confirm'],
    ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', 'other.overdueCorrection'],
    ['2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', 'other.overdueFee'],
    ['3.其他', 'other.other'],
    ['（七）总计', 'total'],
    ['四、结转下年度继续办理', 'carriedForward'],
  ];
  const t2 = g.t2;
  const orgs = lostColumn ? '商业企业\t科研机构\t社会公益组织\t法律服务机构' : '商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他';
  const t4 = ['review', 'litigationDirect', 'litigationAfterReview'].flatMap((grp) =>
    ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => String(g.t4[grp]![c])),
  );
  return [
    `${g.agency}${g.year}年政府信息公开工作年度报告`,
    '',
    '一、总体情况',
    `${g.year}年，本机关认真落实政府信息公开条例，全年主动公开政府信息${g.narrative.proactiveItems}条，收到政府信息公开申请${g.t3['newReceived']!['total']}件。`,
    '二、主动公开政府信息情况',
    '第二十条第（一）项',
    '信息内容\t本年制发件数\t本年废止件数\t现行有效件数',
    `规章\t${t2['regulations']!['issued']}\t${t2['regulations']!['repealed']}\t${t2['regulations']!['inForce']}`,
    `行政规范性文件\t${t2['normativeDocuments']!['issued']}\t${t2['normativeDocuments']!['repealed']}\t${t2['normativeDocuments']!['inForce']}`,
    '第二十条第（五）项',
    '信息内容\t本年处理决定数量',
    `行政许可\t${t2['licensing']!['decisions']}`,
    '第二十条第（六）项',
    '信息内容\t本年处理决定数量',
    `行政处罚\t${t2['penalty']!['decisions']}`,
    `行政强制\t${t2['coercion']!['decisions']}`,
    '第二十条第（八）项',
    '信息内容\t本年收费金额（单位：万元）',
    `行政事业性收费\t${t2['fees']!['feesWan']}`,
    '',
    '三、收到和处理政府信息公开申请情况',
    '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况',
    '\t自然人\t法人或其他组织\t总计',
    `\t\t${orgs}`,
    ...t3Labels.map(([l, k]) => row(l, k)),
    '',
    '四、政府信息公开行政复议、行政诉讼情况',
    '行政复议\t\t\t\t\t行政诉讼',
    '结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉',
    '\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计',
    t4.join('\t'),
    '',
    '五、存在的主要问题及改进情况',
    '部分栏目更新不够及时。下一步将加强日常检查，提升公开质量。',
    '六、其他需要报告的事项',
    ...proseOf(g).s6,
    '',
  ].join('\n');
}

/**
 * The demo files, in upload order (a corrected file comes after the one it replaces), the DOCX of
 * the ones still to be made into a PDF or a scan, and the unit list CSV.
 */
export function demoSet(): { files: DemoFile[]; pending: PendingDemoFile[]; unitsCsv: string } {
  const files: DemoFile[] = [];
  const pending: PendingDemoFile[] = [];
  let seed = 9000;
  for (const p of PLANS) {
    for (const [y, spec] of Object.entries(p.years)) {
      const year = Number(y);
      const template: TemplateId = '2021';
      const make = (fault: Fault | undefined): FixtureGold =>
        faulty(randomGold({ seed, name: `demo-${seed}`, agency: p.agency, year, template, t3Shape: spec!.shape ?? 'split-other', notes: 'demo' }), fault);
      const write = (g: FixtureGold, suffix = ''): DemoFile => {
        const base = `${year}-${p.agency}${suffix}`;
        switch (spec!.format) {
          case 'docx':
            return { name: `${base}.docx`, bytes: buildDocx(g) };
          case 'html':
            return { name: `${base}.html`, bytes: wordHtml(g, { charset: 'utf-8' }) };
          case 'html-gb':
            return { name: `${base}.htm`, bytes: wordHtml(g, { charset: 'gb2312' }) };
          case 'text':
            return { name: `${base}.txt`, bytes: new TextEncoder().encode(textReport(g, spec!.fault === 'lostColumn')) };
          case 'pdf':
          case 'scan':
            return { name: `${base}${spec!.format === 'scan' ? '（扫描件）' : ''}.pdf`, bytes: buildDocx(g) };
        }
      };
      const f = write(make(spec!.fault === 'lostColumn' ? undefined : spec!.fault));
      if (spec!.format === 'pdf' || spec!.format === 'scan') {
        pending.push({ ...f, make: spec!.format });
        seed++;
        continue;
      }
      files.push(f);
      if (spec!.corrected) files.push(write(make(undefined), '（更正）'));
      seed++;
    }
  }
  const lines = ['名称,地区,层级,上级,别名'];
  for (const p of PLANS)
    if (!p.unlisted) lines.push([p.agency, DEMO_REGION, p.level, p.level === '县级' ? '' : '青禾县人民政府办公室', (p.aliases ?? []).join('；')].join(','));
  return { files, pending, unitsCsv: lines.join('\n') + '\n' };
}
