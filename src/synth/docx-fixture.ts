/**
 * DOCX test fixtures: the official empty 2021 template filled with a gold record's values
 * (merged cells and all), optionally with automatic heading numbering (numbering.xml) or with
 * table 三's （六） as one row (the "hybrid" layout); and DOCX files built from scratch with the
 * same XML approach (any layout, e.g. the 2019 template), with only the required parts.
 *
 * Generation-time only (scripts/make-fixtures.mjs): the template bytes are passed in.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { gridFromRows } from '../read/grid.js';
import { T3_COLUMNS, TEMPLATES, t3Rows } from '../model/templates.js';
import { cellText, proseOf, t3ShapeOf, titleOf, type FixtureGold } from './fixture-gold.js';
import { table2, table3, table4, type FxTable } from './tables.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const FONT = '<w:rFonts w:hint="eastAsia" w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/>';

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface ParaOpts {
  bold?: boolean;
  center?: boolean;
  size?: number;
  /** Automatic numbering: numId and level. */
  num?: { id: number; ilvl?: number };
  indent?: boolean;
}

/** One paragraph with one run. */
export function para(text: string, o: ParaOpts = {}): string {
  const ppr = [
    o.num ? `<w:numPr><w:ilvl w:val="${o.num.ilvl ?? 0}"/><w:numId w:val="${o.num.id}"/></w:numPr>` : '',
    o.indent ? '<w:ind w:firstLine="640"/>' : '',
    o.center ? '<w:jc w:val="center"/>' : '',
  ].join('');
  const rpr = `${FONT}${o.bold ? '<w:b/><w:bCs/>' : ''}${o.size ? `<w:sz w:val="${o.size}"/><w:szCs w:val="${o.size}"/>` : ''}`;
  const run = text ? `<w:r><w:rPr>${rpr}</w:rPr><w:t xml:space="preserve">${esc(text)}</w:t></w:r>` : '';
  return `<w:p>${ppr ? `<w:pPr>${ppr}</w:pPr>` : ''}${run}</w:p>`;
}

/** A table from an abstract grid: gridSpan for colspans, vMerge restart/continue for rowspans. */
export function tableXml(t: FxTable, totalWidth = 9000): string {
  const grid = gridFromRows(t.map((r) => r.map((cell) => ({ rowSpan: cell.rowSpan ?? 1, colSpan: cell.colSpan ?? 1, data: cell }))));
  const w = Math.floor(totalWidth / Math.max(1, grid.cols));
  const border = (s: string): string => `<w:${s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  let xml = `<w:tbl><w:tblPr><w:tblW w:w="${w * grid.cols}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>`;
  xml += `<w:tblGrid>${`<w:gridCol w:w="${w}"/>`.repeat(grid.cols)}</w:tblGrid>`;
  for (let r = 0; r < grid.rows; r++) {
    xml += '<w:tr>';
    for (let col = 0; col < grid.cols;) {
      const idx = grid.at(r, col);
      if (idx < 0) {
        col++;
        continue;
      }
      const pc = grid.cells[idx]!;
      const origin = pc.row === r;
      const span = pc.colSpan > 1 ? `<w:gridSpan w:val="${pc.colSpan}"/>` : '';
      const vm = pc.rowSpan > 1 ? (origin ? '<w:vMerge w:val="restart"/>' : '<w:vMerge/>') : '';
      const body = origin ? para(pc.data.text, { center: true, ...(pc.data.bold ? { bold: true } : {}), size: 20 }) : '<w:p/>';
      xml += `<w:tc><w:tcPr><w:tcW w:w="${w * pc.colSpan}" w:type="dxa"/>${span}${vm}<w:vAlign w:val="center"/></w:tcPr>${body}</w:tc>`;
      col += pc.colSpan;
    }
    xml += '</w:tr>';
  }
  return xml + '</w:tbl>';
}

// ——— numbering ———

/** numbering.xml with three lists: 1 → "一、" headings, 2 → "（一）" sub-headings, 3 → "1." items. */
export const NUMBERING_XML =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="${W}">` +
  [
    ['chineseCounting', '%1、'],
    ['chineseCounting', '（%1）'],
    ['decimal', '%1.'],
  ]
    .map(
      ([fmt, text], i) =>
        `<w:abstractNum w:abstractNumId="${i}"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:suff w:val="nothing"/><w:lvlText w:val="${text}"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>`,
    )
    .join('') +
  [1, 2, 3].map((id) => `<w:num w:numId="${id}"><w:abstractNumId w:val="${id - 1}"/></w:num>`).join('') +
  '</w:numbering>';

// ——— body ———

const HEADINGS = [
  '总体情况',
  '主动公开政府信息情况',
  '收到和处理政府信息公开申请情况',
  '政府信息公开行政复议、行政诉讼情况',
  '存在的主要问题及改进情况',
  '其他需要报告的事项',
];
const CN = '一二三四五六';

interface BodyParts {
  title: string;
  heading: (i: number) => string;
  s1: string;
  s5: string;
  s6: string;
}

function bodyParts(g: FixtureGold, numbered: boolean): BodyParts {
  const prose = proseOf(g);
  const sub = (i: number, h: string): string =>
    numbered ? para(h, { bold: true, num: { id: 2 }, indent: true }) : para(`（${CN[i]}）${h}`, { bold: true, indent: true });
  return {
    title: para(titleOf(g), { bold: true, center: true, size: 36 }),
    heading: (i) => (numbered ? para(HEADINGS[i]!, { bold: true, num: { id: 1 } }) : para(`${CN[i]}、${HEADINGS[i]}`, { bold: true })),
    s1: prose.s1.map((x, i) => sub(i, x.heading) + para(x.text, { indent: true })).join(''),
    s5: prose.s5.map((t) => para(t, { indent: true })).join(''),
    s6: prose.s6.map((t, i) => (numbered ? para(t, { num: { id: 3 }, indent: true }) : para(`${i + 1}.${t}`, { indent: true }))).join(''),
  };
}

/** A whole document.xml built from scratch. */
export function documentXml(g: FixtureGold, opts: { numbered?: boolean } = {}): string {
  const b = bodyParts(g, opts.numbered ?? false);
  const shape = t3ShapeOf(g);
  const body = [
    b.title,
    b.heading(0),
    b.s1,
    b.heading(1),
    tableXml(table2(g, g.template)),
    b.heading(2),
    tableXml(table3(g, shape)),
    b.heading(3),
    tableXml(table4(g)),
    b.heading(4),
    b.s5,
    b.heading(5),
    b.s6,
  ].join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`;
}

const CONTENT_TYPES = (numbering: boolean): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>${numbering ? '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' : ''}</Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const NUMBERING_REL =
  '<Relationship Id="rIdNum1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>';

/** A minimal DOCX built from scratch (only the required parts, as some WPS exports are). */
export function buildDocx(g: FixtureGold, opts: { numbered?: boolean } = {}): Uint8Array {
  const numbered = opts.numbered ?? false;
  const files: Zippable = {
    '[Content_Types].xml': strToU8(CONTENT_TYPES(numbered)),
    '_rels/.rels': strToU8(ROOT_RELS),
    'word/document.xml': strToU8(documentXml(g, opts)),
  };
  if (numbered) {
    files['word/numbering.xml'] = strToU8(NUMBERING_XML);
    files['word/_rels/document.xml.rels'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${NUMBERING_REL}</Relationships>`,
    );
  }
  return zipSync(files, { level: 6, mtime: new Date(2024, 0, 1) });
}

// ——— filling the official template ———

const TC = /<w:tc>[\s\S]*?<\/w:tc>/g;
const textOfXml = (xml: string): string => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
const isContinuation = (tc: string): boolean => /<w:vMerge\/>|<w:vMerge w:val="continue"\/>/.test(tc);

/** Replace a cell's content with one paragraph of text, keeping its properties. */
function setCell(tc: string, text: string): string {
  const pr = /^<w:tc>(?:<w:tcPr>[\s\S]*?<\/w:tcPr>)?/.exec(tc)![0];
  const ppr = /<w:pPr>[\s\S]*?<\/w:pPr>/.exec(tc.slice(pr.length))?.[0] ?? '';
  return `${pr}<w:p>${ppr}<w:r><w:rPr>${FONT}<w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr><w:t>${esc(text)}</w:t></w:r></w:p></w:tc>`;
}

function mapCells(row: string, f: (cells: string[]) => string[]): string {
  const cells = row.match(TC) ?? [];
  const out = f(cells);
  let i = 0;
  return row.replace(TC, () => out[i++]!);
}

function fillT2(tbl: string, g: FixtureGold): string {
  const defs = TEMPLATES['2021'].t2Rows;
  return tbl.replace(/<w:tr[ >][\s\S]*?<\/w:tr>/g, (row) =>
    mapCells(row, (cells) => {
      const label = textOfXml(cells[0] ?? '').trim();
      const def = defs.find((d) => d.row.label === label);
      if (!def) return cells;
      const vals = g.t2[def.row.key]!;
      return cells.map((tc, i) => (i === 0 ? tc : setCell(tc, cellText(def.block.columns[i - 1]!.key, vals[def.block.columns[i - 1]!.key]!))));
    }),
  );
}

function fillT3(tbl: string, g: FixtureGold): string {
  const shape = t3ShapeOf(g);
  let rows: string[] = [...tbl.match(/<w:tr[ >][\s\S]*?<\/w:tr>/g)!];
  if (shape === 'single-other') {
    // The hybrid: （六）其他处理 as one row, modelled on the （二） row (label in columns B–C).
    const i = rows.findIndex((r) => textOfXml(r).includes('（六）其他处理'));
    const model = rows.find((r) => textOfXml(r).startsWith('（二）部分公开'))!;
    const single = mapCells(model, (cells) => cells.map((tc) => (textOfXml(tc).startsWith('（二）') ? setCell(tc, '（六）其他处理') : tc)));
    rows = [...rows.slice(0, i), single, ...rows.slice(i + 3)];
  }
  const labels = new Map(
    t3Rows(shape)
      .filter((r) => r.kind === 'data')
      .map((r) => [(r.number ?? '') + r.label, r.key]),
  );
  const filled = rows.map((row) =>
    mapCells(row, (cells) => {
      const own = cells.filter((tc) => !isContinuation(tc));
      const key = own.map((tc) => labels.get(textOfXml(tc).trim())).find((k) => k !== undefined);
      if (!key) return cells;
      const n = cells.length;
      return cells.map((tc, i) => (i >= n - 7 ? setCell(tc, String(g.t3[key]![T3_COLUMNS[i - (n - 7)]!.key]!)) : tc));
    }),
  );
  const head = tbl.slice(0, tbl.search(/<w:tr[ >]/));
  return head + filled.join('') + '</w:tbl>';
}

function fillT4(tbl: string, g: FixtureGold): string {
  const rows = tbl.match(/<w:tr[ >][\s\S]*?<\/w:tr>/g)!;
  const last = rows[rows.length - 1]!;
  const values = ['review', 'litigationDirect', 'litigationAfterReview'].flatMap((grp) =>
    ['upheld', 'corrected', 'other', 'pending', 'total'].map((k) => String(g.t4[grp]![k]!)),
  );
  const filled = mapCells(last, (cells) => cells.map((tc, i) => setCell(tc, values[i]!)));
  return tbl.replace(last, filled);
}

/**
 * Fill the official 2021 template: title, prose in place of （文字描述）, the three tables. With
 * `numbered`, section headings, section 一 sub-headings and section 六 items get automatic
 * numbering (numbering.xml) instead of typed numbers. A gold record with `other.subtotal` in
 * table 三 gives the hybrid layout.
 */
export function fillTemplate2021(template: Uint8Array, g: FixtureGold, opts: { numbered?: boolean } = {}): Uint8Array {
  const numbered = opts.numbered ?? false;
  const files = unzipSync(template);
  let doc = strFromU8(files['word/document.xml']!);
  const b = bodyParts(g, numbered);
  const items = /<w:tbl>[\s\S]*?<\/w:tbl>|<w:p\b[^>]*\/>|<w:p\b[^>]*>[\s\S]*?<\/w:p>/g;
  let table = 0;
  let described = 0;
  doc = doc.replace(items, (x) => {
    if (x.startsWith('<w:tbl>')) {
      table++;
      return table === 1 ? fillT2(x, g) : table === 2 ? fillT3(x, g) : fillT4(x, g);
    }
    const t = textOfXml(x);
    if (t === '政府信息公开工作年度报告格式模板') return b.title;
    const h = HEADINGS.findIndex((hd, i) => t === `${CN[i]}、${hd}`);
    if (h >= 0) return b.heading(h);
    if (t.startsWith('（文字描述')) {
      described++;
      return described === 1 ? b.s1 : described === 2 ? b.s5 : b.s6;
    }
    return x;
  });
  files['word/document.xml'] = strToU8(doc);
  if (numbered) {
    files['word/numbering.xml'] = strToU8(NUMBERING_XML);
    const relsName = 'word/_rels/document.xml.rels';
    const rels = strFromU8(files[relsName]!);
    files[relsName] = strToU8(rels.replace('</Relationships>', `${NUMBERING_REL}</Relationships>`));
    const ct = strFromU8(files['[Content_Types].xml']!);
    files['[Content_Types].xml'] = strToU8(
      ct.replace(
        '</Types>',
        '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>',
      ),
    );
  }
  const out: Zippable = {};
  for (const [name, data] of Object.entries(files)) out[name] = data;
  return zipSync(out, { level: 6, mtime: new Date(2024, 0, 1) });
}
