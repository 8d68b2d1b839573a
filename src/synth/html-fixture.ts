/**
 * HTML test fixtures: a report as Word's "save as web page" writes it (MsoNormal paragraphs,
 * <o:p>, &nbsp; padding, conditional comments, rowspan/colspan grids like the official tables),
 * in UTF-8 or GB18030 (declared gb2312, as Word does for Chinese pages); or as a government site
 * page (scripts, navigation, breadcrumbs, a layout table around the report, a hidden trap block).
 *
 * Generation-time only (scripts/make-fixtures.mjs).
 */
import { proseOf, t3ShapeOf, titleOf, type FixtureGold } from './fixture-gold.js';
import { table2, table3, table4, type FxTable } from './tables.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let GB: Map<number, number> | null = null;

/** Unicode → GB18030 two-byte code, built once by decoding every two-byte code. */
function gbTable(): Map<number, number> {
  if (GB) return GB;
  const map = new Map<number, number>();
  const dec = new TextDecoder('gb18030', { fatal: true });
  const buf = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      buf[0] = lead;
      buf[1] = trail;
      let s: string;
      try {
        s = dec.decode(buf);
      } catch {
        continue;
      }
      if (s.length !== 1) continue;
      const cp = s.charCodeAt(0);
      if (!map.has(cp)) map.set(cp, (lead << 8) | trail);
    }
  }
  GB = map;
  return map;
}

/**
 * Encode text as GB18030 (two-byte range; ASCII as is). Characters outside the two-byte range
 * become HTML numeric references, which is what a page would carry.
 */
export function encodeGb18030(s: string): Uint8Array {
  const map = gbTable();
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else {
      const code = map.get(cp);
      if (code !== undefined) out.push(code >> 8, code & 0xff);
      else for (const c of `&#x${cp.toString(16)};`) out.push(c.charCodeAt(0));
    }
  }
  return Uint8Array.from(out);
}

// ——— Word "web page" ———

const TD_STYLE = "style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'";

function wordTable(t: FxTable, nl: string): string {
  const rows = t.map((r, i) => {
    const tds = r.map((c) => {
      const span = `${(c.colSpan ?? 1) > 1 ? ` colspan=${c.colSpan}` : ''}${(c.rowSpan ?? 1) > 1 ? ` rowspan=${c.rowSpan}` : ''}`;
      const numeric = /^[+-]?[\d.]+$/.test(c.text);
      // Numbers padded with &nbsp; as Word writes centred cells; labels in 宋体 spans.
      const inner = numeric
        ? `<span lang=EN-US>&nbsp;${esc(c.text)}<o:p></o:p></span>`
        : `${c.bold ? '<b>' : ''}<span${nl}  style='font-family:宋体'>${esc(c.text)}<span lang=EN-US><o:p></o:p></span></span>${c.bold ? '</b>' : ''}`;
      return `  <td${span} valign=center ${TD_STYLE}>${nl}  <p class=MsoNormal align=center style='text-align:center'>${inner}</p>${nl}  </td>`;
    });
    return ` <tr style='mso-yfti-irow:${i}'>${nl}${tds.join(nl)}${nl} </tr>`;
  });
  return `<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0${nl} style='border-collapse:collapse;border:none'>${nl}${rows.join(nl)}${nl}</table>`;
}

const CN = '一二三四五六';
const HEADINGS = [
  '总体情况',
  '主动公开政府信息情况',
  '收到和处理政府信息公开申请情况',
  '政府信息公开行政复议、行政诉讼情况',
  '存在的主要问题及改进情况',
  '其他需要报告的事项',
];

/** The report body: title, headings, prose and tables, rendered by the given helpers. */
function reportBody(
  g: FixtureGold,
  r: { p: (text: string, kind: 'title' | 'heading' | 'sub' | 'text', n?: string) => string; blank: string; table: (t: FxTable) => string },
): string[] {
  const prose = proseOf(g);
  const h = (i: number): string => r.p(HEADINGS[i]!, 'heading', `${CN[i]}、`);
  return [
    r.p(titleOf(g), 'title'),
    r.blank,
    h(0),
    ...prose.s1.flatMap((x, i) => [r.p(x.heading, 'sub', `（${CN[i]}）`), r.p(x.text, 'text')]),
    h(1),
    r.table(table2(g, g.template)),
    r.blank,
    h(2),
    r.table(table3(g, t3ShapeOf(g))),
    r.blank,
    h(3),
    r.table(table4(g)),
    h(4),
    ...prose.s5.map((t) => r.p(t, 'text')),
    h(5),
    ...prose.s6.map((t) => r.p(t, 'text')),
  ];
}

/** A report as Word saves it as a web page ("筛选过的网页"), UTF-8 or GB18030. */
export function wordHtml(g: FixtureGold, opts: { charset: 'utf-8' | 'gb2312' }): Uint8Array {
  const nl = '\r\n';
  const p = (text: string, kind: 'title' | 'heading' | 'sub' | 'text', n?: string): string => {
    switch (kind) {
      case 'title':
        return `<p class=MsoNormal align=center style='text-align:center'><b><span${nl}style='font-size:18.0pt;font-family:宋体'>${esc(text)}<span lang=EN-US><o:p></o:p></span></span></b></p>`;
      case 'heading':
        // Word list numbering: the number sits in a supportLists conditional block.
        return `<p class=MsoListParagraph style='margin-left:21.0pt;text-indent:-21.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><b><span${nl}style='font-family:宋体'>${n}<span style='font:7.0pt "Times New Roman"'>&nbsp;${nl}</span></span></b><![endif]><b><span style='font-family:宋体'>${esc(text)}<span lang=EN-US><o:p></o:p></span></span></b></p>`;
      case 'sub':
        return `<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:宋体'>${n}${esc(text)}<span lang=EN-US><o:p></o:p></span></span></p>`;
      default:
        return `<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:宋体'>${esc(text)}<span${nl}lang=EN-US><o:p></o:p></span></span></p>`;
    }
  };
  const body = reportBody(g, { p, blank: `<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>`, table: (t) => wordTable(t, nl) });
  const html = [
    '<html xmlns:v="urn:schemas-microsoft-com:vml"',
    'xmlns:o="urn:schemas-microsoft-com:office:office"',
    'xmlns:w="urn:schemas-microsoft-com:office:word"',
    'xmlns="http://www.w3.org/TR/REC-html40">',
    '',
    '<head>',
    `<meta http-equiv=Content-Type content="text/html; charset=${opts.charset}">`,
    '<meta name=ProgId content=Word.Document>',
    '<meta name=Generator content="Microsoft Word 15">',
    `<title>${esc(titleOf(g))}</title>`,
    '<!--[if gte mso 9]><xml>',
    ' <w:WordDocument>',
    '  <w:View>Print</w:View>',
    ' </w:WordDocument>',
    '</xml><![endif]-->',
    '<style>',
    '<!--',
    ' p.MsoNormal, li.MsoNormal, div.MsoNormal',
    '\t{margin:0cm;text-align:justify;font-size:10.5pt;font-family:宋体;}',
    '@list l0:level1 {mso-level-number-format:chinese-counting;mso-level-text:"%1、";}',
    '-->',
    '</style>',
    '</head>',
    '',
    "<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>",
    '',
    "<div class=WordSection1 style='layout-grid:15.6pt'>",
    '',
    ...body,
    '',
    '</div>',
    '',
    '</body>',
    '',
    '</html>',
  ].join(nl);
  return opts.charset === 'utf-8' ? new TextEncoder().encode(html) : encodeGb18030(html);
}

/** A report published on a government site: page chrome around it, the report in a layout table. */
export function sitePageHtml(g: FixtureGold): Uint8Array {
  const p = (text: string, kind: 'title' | 'heading' | 'sub' | 'text', n?: string): string =>
    kind === 'title'
      ? `<h1 class="article-title">${esc(text)}</h1>`
      : kind === 'heading'
        ? `<p><strong>${n}${esc(text)}</strong></p>`
        : `<p style="text-indent:2em">${n ?? ''}${esc(text)}</p>`;
  const table = (t: FxTable): string =>
    `<table border="1" cellspacing="0" cellpadding="2" style="border-collapse:collapse">\n<tbody>\n${t
      .map(
        (r) =>
          `<tr>${r.map((c) => `<td${(c.colSpan ?? 1) > 1 ? ` colspan="${c.colSpan}"` : ''}${(c.rowSpan ?? 1) > 1 ? ` rowspan="${c.rowSpan}"` : ''}>${esc(c.text)}</td>`).join('')}</tr>`,
      )
      .join('\n')}\n</tbody>\n</table>`;
  const body = reportBody(g, { p, blank: '<p>&nbsp;</p>', table });
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(titleOf(g))} - 政府信息公开</title>
<link rel="stylesheet" href="/css/main.css">
<style>.menu li{float:left}.crumbs{color:#666}</style>
<script>var pageInfo = { title: "一、本年新收政府信息公开申请数量 999 999", year: 1999 };</script>
</head>
<body>
<header class="site-header"><div class="logo">示例市人民政府门户网站</div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></nav></header>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 年度报告</div>
<table width="1000" align="center" class="layout">
<tr>
<td width="220" valign="top"><ul class="menu"><li>机构职能</li><li>政策文件</li><li>年度报告</li><li>联系我们 0000-1234567</li></ul>
<table><tr><td>扫一扫</td></tr></table></td>
<td valign="top" class="article">
<div class="info">发布时间：${g.year + 1}-01-20 &nbsp; 浏览次数：3827</div>
<div style="display:none">三、本年度办理结果 7 7 7 7 7 7 42</div>
${body.join('\n')}
<div class="share"><span>分享到：</span><a>微信</a><a>微博</a></div>
</td>
</tr>
</table>
<footer class="site-footer"><p>主办单位：示例市人民政府办公室 &nbsp; 网站标识码：1234000001 &nbsp; 备案号：0000-00000000号-1</p></footer>
<script src="/js/stat.js"></script>
<noscript>请启用脚本 2024</noscript>
</body>
</html>
`;
  return new TextEncoder().encode(html);
}
