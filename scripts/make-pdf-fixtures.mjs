#!/usr/bin/env node
// Makes the PDF test fixtures (test/fixtures/pdf/*.pdf) and their gold values
// (test/fixtures/gold/<stem>.json, schema nianbao.gold/1).
//
//   node scripts/make-pdf-fixtures.mjs   (needs LibreOffice `soffice`, poppler `pdftoppm`, `img2pdf`, `qpdf`)
//
// Each fixture is the official empty 2021 template (../shared/templates/template-2021.docx, read at
// run time, never copied) filled with seeded random numbers and our own prose, converted to PDF by
// LibreOffice. Values are consistent with the statutory relations (row sums, 勾稽), so a right parse
// is a clean parse. The script is deterministic apart from LibreOffice's timestamps. CI does not run it:
// the PDFs it writes are committed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared');
// `--serif --out DIR`: the same reports set in a Song (Ming) face, as offices print them (the
// template asks for 宋体, which this machine does not have: LibreOffice falls back to a sans face),
// written to DIR/pdf and DIR/gold for the scan sweep (`SCAN_FIXTURES=DIR npx tsx bench/scan-sweep.ts`),
// not into the committed fixtures.
const flag = (k) => process.argv.includes(k);
const outAt = process.argv.indexOf('--out');
const outRoot = outAt > 0 ? process.argv[outAt + 1] : join(root, 'test', 'fixtures');
// `--font FAMILY` (with --serif, or alone): another face for 宋体/仿宋/楷体, e.g. "AR PL SungtiL GB"
// (Debian fonts-arphic-gbsn00lp: thin strokes, close to the SimSun offices print with) or "AR PL KaitiM GB".
const fontAt = process.argv.indexOf('--font');
const font = fontAt > 0 ? process.argv[fontAt + 1] : 'Noto Serif CJK SC';
const serif = flag('--serif') || fontAt > 0;
if (serif && outAt < 0) throw new Error('--serif and --font write variants, not the committed fixtures: give --out DIR');
const outPdf = join(outRoot, 'pdf');
const outGold = join(outRoot, 'gold');
/** A fontconfig file that sets 宋体 (and 仿宋, 楷体) in `font`, digits and Latin included. */
const SERIF_CONF = `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>${[
  '宋体',
  'SimSun',
  '仿宋',
  '仿宋_GB2312',
  'FangSong',
  '楷体',
  'KaiTi',
]
  .map(
    (f) =>
      `<match target="pattern"><test name="family"><string>${f}</string></test><edit name="family" mode="assign" binding="strong"><string>${font}</string></edit></match>`,
  )
  .join('')}</fontconfig>`;

// ——— seeded randomness ———
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
const pick = (r, xs) => xs[Math.floor(r() * xs.length)];

// ——— values (keys as in the spec) ———
const T3_COLS = ['naturalPerson', 'commercial', 'research', 'publicWelfare', 'legalService', 'otherOrg'];
const T3_OUTCOMES = [
  'granted',
  'partial',
  'denied.stateSecret',
  'denied.lawProhibited',
  'denied.safetyStability',
  'denied.thirdParty',
  'denied.internalAffairs',
  'denied.processInfo',
  'denied.enforcementFile',
  'denied.queryMatter',
  'unable.notHeld',
  'unable.needCreation',
  'unable.unclear',
  'declined.complaint',
  'declined.duplicate',
  'declined.publication',
  'declined.massive',
  'declined.confirm',
  'other.overdueCorrection',
  'other.overdueFee',
  'other.other',
];
const T3_ROWS = ['newReceived', 'carriedOver', ...T3_OUTCOMES, 'total', 'carriedForward'];
const T4_GROUPS = ['review', 'litigationDirect', 'litigationAfterReview'];
const T4_COLS = ['upheld', 'corrected', 'other', 'pending', 'total'];

/** Random table values satisfying the relations of §7. `scale` makes big agencies. */
function makeValues(r, scale, zero = new Set()) {
  const z = (key, v) => (zero.has(key) ? 0 : v);
  const t2 = {
    regulations: { issued: int(r, 0, 3), repealed: int(r, 0, 2), inForce: int(r, 3, 40) },
    normativeDocuments: { issued: int(r, 0, 25), repealed: int(r, 0, 9), inForce: int(r, 20, 260) },
    licensing: { decisions: int(r, 0, 60 * scale) },
    penalty: { decisions: int(r, 0, 12 * scale) },
    coercion: { decisions: int(r, 0, 4) },
    fees: { feesWan: z('t2.fees.feesWan', Number((int(r, 0, 999999) / 10000).toFixed(4))) },
  };
  const t3 = Object.fromEntries(T3_ROWS.map((k) => [k, {}]));
  const weights = T3_OUTCOMES.map((k, i) => (i === 0 ? 10 : i === 1 ? 3 : k.startsWith('unable') ? 2 : r() < 0.5 ? 0 : 1));
  for (const [ci, col] of T3_COLS.entries()) {
    const big = ci === 0 ? 40 * scale : ci === 1 ? 6 * scale : ci === 5 ? 3 * scale : r() < 0.6 ? 0 : 3;
    const nr = z(`t3.newReceived.${col}`, int(r, 0, big));
    const co = z(`t3.carriedOver.${col}`, int(r, 0, Math.ceil(big / 8)));
    const cf = z(`t3.carriedForward.${col}`, int(r, 0, Math.min(nr + co, Math.ceil(big / 10))));
    t3.newReceived[col] = nr;
    t3.carriedOver[col] = co;
    t3.carriedForward[col] = cf;
    let left = nr + co - cf;
    const wsum = weights.reduce((a, b) => a + b, 0);
    for (const [i, k] of T3_OUTCOMES.entries()) {
      const v = i === T3_OUTCOMES.length - 1 ? left : Math.min(left, Math.round(((nr + co - cf) * weights[i] * (0.5 + r())) / wsum));
      t3[k][col] = v;
      left -= v;
    }
    // whatever rounding left over goes to 予以公开
    if (left !== 0) throw new Error('unbalanced');
    t3.total[col] = T3_OUTCOMES.reduce((a, k) => a + t3[k][col], 0);
  }
  for (const k of T3_ROWS) t3[k].total = T3_COLS.reduce((a, c) => a + t3[k][c], 0);
  const t4 = {};
  for (const g of T4_GROUPS) {
    const row = Object.fromEntries(
      [
        ['upheld', 2 * scale],
        ['corrected', 2],
        ['other', 1],
        ['pending', 2],
      ].map(([c, hi]) => [c, z(`t4.${g}.${c}`, int(r, 0, hi))]),
    );
    row.total = row.upheld + row.corrected + row.other + row.pending;
    t4[g] = row;
  }
  return { t2, t3, t4 };
}

// ——— prose (our own words) ———
const PROSE = [
  '本年度，我单位坚持以公开为常态、不公开为例外，把政务公开同业务工作一起部署、一起检查。',
  '围绕群众关心的办事流程和收费标准，我们逐项梳理公开清单，及时更新网站栏目内容。',
  '对拟公开的信息，严格执行先审查后公开的流程，由经办人初核、部门负责人复核后发布。',
  '全年组织业务培训两次，讲解公开范围、答复时限和保密审查要点，提高经办人员的业务能力。',
  '我们在办事大厅设置了查阅点，提供纸质资料和电子屏查询，方便不使用网络的群众获取信息。',
  '对于网站上存在的链接失效、栏目空白等问题，安排专人每周巡查，发现一处整改一处。',
  '依申请公开工作按照登记、审核、答复、归档的步骤办理，做到件件有记录、事事有回音。',
  '今后将继续加强与上级业务部门的沟通，学习先进做法，推动公开工作质量稳步提升。',
  '政策文件发布时同步推出图表解读，用通俗的语言说明政策的适用对象和办理条件。',
  '我们把公开工作纳入年度考核，明确各科室的责任分工，形成了主要领导负责、分管领导协调、科室具体落实的工作格局。',
  '信息发布平台运行总体平稳，全年未发生泄密事件，也未出现因公开不当引起的投诉。',
  '针对部分栏目更新不够及时的问题，制定了栏目维护责任表，按月通报更新情况。',
];
const sentenceRun = (r, n) => Array.from({ length: n }, () => pick(r, PROSE)).join('');

// ——— DOCX editing ———
const RPR = '<w:rPr><w:rFonts w:hint="eastAsia" w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>';
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Put `text` into a table cell, replacing whatever runs it had (full-width spaces in the template). */
function fillCell(tc, text) {
  let c = tc.replace(/<w:r>[\s\S]*?<\/w:r>/g, '').replace(/<w:r [\s\S]*?<\/w:r>/g, '');
  if (text === '') return c;
  const run = `<w:r>${RPR}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
  const i = c.lastIndexOf('</w:p>');
  if (i >= 0) return c.slice(0, i) + run + c.slice(i);
  // a self-closing paragraph
  return c.replace(/<w:p( [^>]*)?\/>(?![\s\S]*<w:p)/, (_m, attrs = '') => `<w:p${attrs}>${run}</w:p>`);
}

const cellText = (tc) =>
  [...tc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1])
    .join('')
    .replace(/[\s\u3000]/g, '');
const isContinuation = (tc) => /<w:vMerge(?: w:val="continue")?\/>/.test(tc);

/** Split an XML fragment into its top-level <w:tbl> elements (tables do not nest in this template). */
function mapTables(xml, fn) {
  let i = 0;
  return xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (tbl) => fn(tbl, i++));
}
function mapRows(tbl, fn) {
  let i = 0;
  return tbl.replace(/<w:tr[ >][\s\S]*?<\/w:tr>/g, (tr) => fn(tr, i++));
}
function mapCells(tr, fn) {
  let i = 0;
  return tr.replace(/<w:tc>[\s\S]*?<\/w:tc>/g, (tc) => fn(tc, i++));
}

/**
 * Mark a header row of table 三 to repeat on every page. LibreOffice 7.4 draws repeated header rows
 * that hold vertically merged cells on top of the data rows, so the merges are undone and drawn as
 * missing borders instead (what the eye sees is the same; the reader infers merges from borders).
 */
function repeatableHeaderRow(tr) {
  const noBorder = (tc, side) => tc.replace(new RegExp(`<w:${side} [^>]*/>`), `<w:${side} w:val="nil"/>`);
  tr = tr.replace('<w:trPr>', '<w:trPr><w:tblHeader/>');
  return mapCells(tr, (tc) => {
    if (tc.includes('<w:vMerge w:val="restart"/>')) return noBorder(tc.replace('<w:vMerge w:val="restart"/>', ''), 'bottom');
    if (/<w:vMerge(?: w:val="continue")?\/>/.test(tc)) {
      // the template's merges end at the last header row (the one naming 商业企业)
      const lastHeaderRow = tr.includes('商业');
      const out = noBorder(tc.replace(/<w:vMerge(?: w:val="continue")?\/>/, ''), 'top');
      return lastHeaderRow ? out : noBorder(out, 'bottom');
    }
    return tc;
  });
}

/**
 * Table 三 drawn as some producers (WPS, hand-made Word tables) draw it: a narrow label column so
 * that labels wrap onto two or three lines, values aligned `vAlign` in their cells, and ruling lines
 * left out — `rules: 'noInnerH'` drops the borders between body rows (the values of many rows share
 * one drawn cell), `'none'` draws no border at all.
 */
function relayoutT3(tbl, { labelWidth, rules, vAlign }) {
  const LABEL_COL = 2;
  const grid = [...tbl.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
  const oldW = grid[LABEL_COL];
  const gain = Math.floor((oldW - labelWidth) / (grid.length - 3));
  let ci = 0;
  tbl = tbl.replace(/<w:gridCol w:w="(\d+)"\/>/g, (_m, w) => {
    const i = ci++;
    const nw = i === LABEL_COL ? labelWidth : i > LABEL_COL ? Number(w) + gain : Number(w);
    return `<w:gridCol w:w="${nw}"/>`;
  });
  // Cell widths follow the grid (the layout is fixed; tcW only has to agree roughly).
  tbl = tbl.replace(/<w:tcW w:w="3406" w:type="dxa"\/>/g, `<w:tcW w:w="${labelWidth}" w:type="dxa"/>`);
  const nil = (tc, side) => tc.replace(new RegExp(`<w:${side} w:val="[a-z]+"(?: [^>]*)?/>`), `<w:${side} w:val="nil"/>`);
  return mapRows(tbl, (tr, ri) =>
    mapCells(tr, (tc) => {
      if (vAlign) tc = tc.replace(/<w:vAlign w:val="[a-z]+"\/>/, `<w:vAlign w:val="${vAlign}"/>`);
      if (rules === 'none') {
        for (const side of ['top', 'left', 'bottom', 'right']) tc = nil(tc, side);
        return tc;
      }
      // body rows (from the 4th): no border between them; the last row keeps its bottom
      const last = ri === (tbl.match(/<w:tr[ >]/g) ?? []).length - 1;
      if (rules === 'noInnerH' && ri >= 3) {
        if (ri > 3) tc = nil(tc, 'top');
        if (!last) tc = nil(tc, 'bottom');
      }
      return tc;
    }),
  );
}

const fmt = (v, blank) => (blank ? '' : String(v));

function fillTables(xml, values, spec) {
  const blank = (key) => spec.blankCells?.has(key) ?? false;
  return mapTables(xml, (tbl, ti) => {
    if (ti === 0) {
      // table 二: rows by label; value cells are the non-label cells
      const T2 = {
        规章: ['regulations', ['issued', 'repealed', 'inForce']],
        行政规范性文件: ['normativeDocuments', ['issued', 'repealed', 'inForce']],
        行政许可: ['licensing', ['decisions']],
        行政处罚: ['penalty', ['decisions']],
        行政强制: ['coercion', ['decisions']],
        行政事业性收费: ['fees', ['feesWan']],
      };
      return mapRows(tbl, (tr) => {
        const label = cellText(tr.match(/<w:tc>[\s\S]*?<\/w:tc>/)[0]);
        const def = T2[label];
        if (!def) return tr;
        const [row, cols] = def;
        return mapCells(tr, (tc, ci) => (ci === 0 ? tc : fillCell(tc, fmt(values.t2[row][cols[ci - 1]], blank(`t2.${row}.${cols[ci - 1]}`)))));
      });
    }
    if (ti === 1) {
      // table 三: data rows start at the 4th row; the last 7 cells are the values
      if (spec.t3Layout) tbl = relayoutT3(tbl, spec.t3Layout);
      return mapRows(tbl, (tr, ri) => {
        if (spec.repeatHeader && ri < 3) return repeatableHeaderRow(tr);
        if (ri < 3) return tr;
        const key = T3_ROWS[ri - 3];
        const n = (tr.match(/<w:tc>/g) ?? []).length;
        return mapCells(tr, (tc, ci) => {
          const vi = ci - (n - 7);
          if (vi < 0 || isContinuation(tc)) return tc;
          const col = [...T3_COLS, 'total'][vi];
          return fillCell(tc, fmt(values.t3[key][col], blank(`t3.${key}.${col}`)));
        });
      });
    }
    // table 四: the last row holds the 15 values
    const nRows = (tbl.match(/<w:tr[ >]/g) ?? []).length;
    return mapRows(tbl, (tr, ri) => {
      if (ri !== nRows - 1) return tr;
      return mapCells(tr, (tc, ci) => {
        const g = T4_GROUPS[Math.floor(ci / 5)];
        const c = T4_COLS[ci % 5];
        return fillCell(tc, fmt(values.t4[g][c], blank(`t4.${g}.${c}`)));
      });
    });
  });
}

/** Replace the paragraph holding `marker` by paragraphs with the given texts (same paragraph style). */
function replaceParagraph(xml, marker, texts) {
  const at = xml.indexOf(marker);
  if (at < 0) throw new Error(`marker not found: ${marker}`);
  const start = xml.lastIndexOf('<w:p ', at);
  const end = xml.indexOf('</w:p>', at) + '</w:p>'.length;
  const para = xml.slice(start, end);
  const out = texts.map((t) => para.replace(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/, `<w:t xml:space="preserve">${esc(t)}</w:t>`)).join('');
  return xml.slice(0, start) + out + xml.slice(end);
}

function footerXml(kind) {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const field = '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>';
  const body = kind === 'dashed' ? `<w:r><w:t xml:space="preserve">- </w:t></w:r>${field}<w:r><w:t xml:space="preserve"> -</w:t></w:r>` : field;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr ${W}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>${body}</w:p></w:ftr>`;
}

function buildDocx(spec, values, r) {
  const files = unzipSync(readFileSync(join(shared, 'templates', 'template-2021.docx')));
  let xml = strFromU8(files['word/document.xml']);
  xml = xml.replace('政府信息公开工作年度报告格式模板', `${spec.agency}${spec.year}年政府信息公开工作年度报告`);
  const received = values.t3.newReceived.total;
  const s1 = [
    '（一）主动公开情况',
    `${spec.year}年，${sentenceRun(r, 2)}全年主动公开政府信息${spec.proactive}条，其中政策文件${int(r, 5, 60)}件。`,
    ...Array.from({ length: spec.longProse }, () => sentenceRun(r, 4)),
    '（二）依申请公开情况',
    `全年共收到政府信息公开申请${received}件，${sentenceRun(r, 1)}`,
    '（三）政府信息管理情况',
    sentenceRun(r, 3),
    '（四）平台建设情况',
    sentenceRun(r, 2),
    '（五）监督保障情况',
    sentenceRun(r, 3),
  ];
  // the first 「（文字描述）」 is section 一, the second section 五
  xml = replaceParagraph(xml, '（文字描述）', s1);
  xml = replaceParagraph(xml, '（文字描述）', [sentenceRun(r, 2), '下一步，我们将针对上述不足逐项制定整改措施，明确完成时限。']);
  xml = replaceParagraph(xml, '（文字描述，收取信息处理费情况在此处报告。）', [
    typeof spec.feeText === 'function' ? spec.feeText(values) : spec.feeText,
    sentenceRun(r, 1),
  ]);
  xml = fillTables(xml, values, spec);
  if (spec.footer) {
    xml = xml.replace('<w:sectPr>', '<w:sectPr><w:footerReference w:type="default" r:id="rIdNbFooter"/>');
    files['word/footer1.xml'] = strToU8(footerXml(spec.footer));
    files['word/_rels/document.xml.rels'] = strToU8(
      strFromU8(files['word/_rels/document.xml.rels']).replace(
        '</Relationships>',
        '<Relationship Id="rIdNbFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>',
      ),
    );
    files['[Content_Types].xml'] = strToU8(
      strFromU8(files['[Content_Types].xml']).replace(
        '</Types>',
        '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>',
      ),
    );
  }
  files['word/document.xml'] = strToU8(xml);
  return zipSync(files);
}

function gold(spec, values, fixture, { tables = ['t2', 't3', 't4'], meta = true } = {}) {
  return {
    schema: 'nianbao.gold/1',
    fixture,
    ...(meta ? { agency: spec.agency, year: spec.year, template: '2021' } : {}),
    ...Object.fromEntries(tables.map((t) => [t, values[t]])),
    ...(meta ? { narrative: { proactiveItems: spec.proactive } } : {}),
    notes: spec.notes,
  };
}

// ——— the fixtures ———
const SPECS = [
  {
    stem: 'pdf-2021-basic',
    seed: 11,
    agency: '临河县市场监督管理局',
    year: 2022,
    scale: 1,
    longProse: 0,
    footer: 'plain',
    feeText: '本年度未收取信息处理费。',
    notes: 'Template filled by scripts/make-pdf-fixtures.mjs, LibreOffice PDF; bare page numbers in the footer; labels wrap inside cells.',
  },
  {
    stem: 'pdf-2021-long',
    seed: 23,
    agency: '青山市自然资源和规划局',
    year: 2023,
    scale: 30,
    longProse: 9,
    footer: 'dashed',
    repeatHeader: true,
    feeText: (v) => {
      const n = v.t3['other.overdueFee'].total + 2;
      return `本年度共发出收费通知${n}件，收费通知总金额${n * 100}元，实际收取信息处理费${200}元。`;
    },
    notes: 'Long section 一: table 三 crosses a page break with its three header rows repeated; big numbers; footer - N -.',
  },
  {
    stem: 'pdf-2021-break',
    seed: 37,
    agency: '东城区交通运输局',
    year: 2021,
    scale: 2,
    longProse: 5,
    footer: 'plain',
    blankCells: new Set(['t2.fees.feesWan', 't3.carriedOver.research', 't3.carriedOver.publicWelfare', 't4.litigationAfterReview.other']),
    feeText: '本年度未发出收费通知，收费通知总金额0元，实际收取信息处理费0元。',
    notes: 'Table 三 crosses a page break with no repeated header; some cells left empty (read as 0).',
  },
  {
    stem: 'pdf-2021-open',
    seed: 41,
    agency: '白水县农业农村局',
    year: 2023,
    scale: 3,
    longProse: 1,
    footer: 'dashed',
    t3Layout: { labelWidth: 1450, rules: 'noInnerH', vAlign: 'top' },
    blankCells: new Set(['t3.carriedOver.commercial', 't3.partial.research', 't3.denied.stateSecret.naturalPerson']),
    feeText: '本年度未收取信息处理费。',
    notes:
      'Table 三 as some WPS exports draw it: a narrow label column (labels wrap onto two or three lines), no ruling between body rows (the values of all rows share one drawn cell per column), values at the top of their rows; three cells left empty (one the first of its row).',
  },
  {
    stem: 'pdf-2021-bare',
    seed: 53,
    agency: '石门镇人民政府',
    year: 2024,
    scale: 1,
    longProse: 2,
    footer: 'dashed',
    t3Layout: { labelWidth: 1450, rules: 'none', vAlign: 'center' },
    blankCells: new Set(['t3.carriedOver.research', 't3.unable.notHeld.legalService']),
    feeText: '本年度未收取信息处理费。',
    notes:
      'Table 三 drawn with no ruling at all: a narrow label column (labels wrap), values centred on their rows; only positions tell the cells apart; two cells left empty.',
  },
  {
    stem: 'pdf-2021-bottom',
    seed: 64,
    agency: '北河县民政局',
    year: 2022,
    scale: 12,
    longProse: 4,
    footer: 'plain',
    t3Layout: { labelWidth: 1150, rules: 'none', vAlign: 'bottom' },
    blankCells: new Set(['t3.carriedOver.publicWelfare']),
    feeText: '本年度未收取信息处理费。',
    notes:
      'Table 三 with no ruling, a very narrow label column (labels up to seven lines), values on the last line of their labels; merged labels (（五）不予处理) beside the top lines of a tall row.',
  },
];

function main() {
  // `node scripts/make-pdf-fixtures.mjs pdf-2021-open` remakes only the named fixtures.
  const only = new Set(process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--out' && all[i - 1] !== '--font'));
  mkdirSync(outPdf, { recursive: true });
  mkdirSync(outGold, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'nianbao-pdf-fixtures-'));
  const env = { ...process.env };
  if (serif) {
    writeFileSync(join(work, 'fonts.conf'), SERIF_CONF);
    env.FONTCONFIG_FILE = join(work, 'fonts.conf');
  }
  try {
    for (const spec of SPECS) {
      if (only.size && !only.has(spec.stem)) continue;
      const r = rng(spec.seed);
      spec.proactive = int(r, 80, 3000);
      // a really empty cell reads as 0: generate 0 there so the relations hold
      const values = makeValues(r, spec.scale, spec.blankCells);
      const docx = join(work, `${spec.stem}.docx`);
      writeFileSync(docx, buildDocx(spec, values, r));
      execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${work}/lo`, '--convert-to', 'pdf', '--outdir', work, docx], { stdio: 'pipe', env });
      copyFileSync(join(work, `${spec.stem}.pdf`), join(outPdf, `${spec.stem}.pdf`));
      writeFileSync(join(outGold, `${spec.stem}.json`), JSON.stringify(gold(spec, values, `${spec.stem}.pdf`), null, 1) + '\n');
      console.log(`${spec.stem}.pdf  ${statSync(join(outPdf, `${spec.stem}.pdf`)).size} bytes`);
      spec.values = values;
    }
    if (only.size || outAt > 0) return;
    // The scan: the basic report's page with table 四, rendered to a 1-bit image at 300 dpi and
    // wrapped into an image-only PDF (no text layer).
    const basic = SPECS[0];
    const src = join(outPdf, `${basic.stem}.pdf`);
    const page = pageWith(src, '行政复议');
    execFileSync('pdftoppm', ['-r', '300', '-mono', '-png', '-f', String(page), '-l', String(page), src, join(work, 'scan')]);
    const png = readdirSync(work).find((f) => f.startsWith('scan') && f.endsWith('.png'));
    execFileSync('img2pdf', ['--pagesize', 'A4', '-o', join(outPdf, 'pdf-2021-scan.pdf'), join(work, png)]);
    const scanTables = ['t4', ...(pageWith(src, '行政许可') === page ? ['t2'] : [])];
    writeFileSync(
      join(outGold, 'pdf-2021-scan.json'),
      JSON.stringify(
        gold(
          { ...basic, notes: `Page ${page} of ${basic.stem}.pdf scanned at 300 dpi (1-bit) into an image-only PDF: no text layer, needs OCR.` },
          basic.values,
          'pdf-2021-scan.pdf',
          {
            tables: scanTables,
            meta: false,
          },
        ),
        null,
        1,
      ) + '\n',
    );
    console.log(`pdf-2021-scan.pdf  ${statSync(join(outPdf, 'pdf-2021-scan.pdf')).size} bytes (page ${page})`);
    // Hostile and restricted files (no gold: the tests say what they must give).
    const hostile = join(outPdf, 'hostile');
    mkdirSync(hostile, { recursive: true });
    const tiny = join(work, 'tiny.pdf');
    writeFileSync(tiny, tinyPdf('Annual report'));
    // A user password: nothing can be read without it.
    execFileSync('qpdf', ['--encrypt', 'secret-user', 'secret-owner', '256', '--', tiny, join(hostile, 'encrypted.pdf')]);
    // Only an owner password (printing/copying restricted): opens without a password, must be read.
    execFileSync('qpdf', ['--encrypt', '', 'secret-owner', '256', '--print=none', '--extract=n', '--', src, join(hostile, 'restricted.pdf')]);
    console.log('hostile/encrypted.pdf, hostile/restricted.pdf');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A minimal one-page PDF with a line of Helvetica text. */
function tinyPdf(text) {
  const content = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets = objs.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

/** 1-based number of the first page whose text contains `needle`. */
function pageWith(pdf, needle) {
  const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
  const i = pages.findIndex((p) => p.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${pdf}`);
  return i + 1;
}

main();
