/**
 * Where and when a report was published, as the file itself says: the lines a crawler or a web
 * page puts above the text (标题: / 发布时间: / 原文链接: / 来源:), and the 落款 at the end — the
 * agency's name over the date it signed the report. These are metadata, never the agency's
 * name read off a label (标题:河北省… is a title, not an agency called 标题:河北省…).
 */
import { lineText, type Stream } from './stream.js';

export interface Header {
  title: string | null;
  /** YYYY-MM-DD */
  date: string | null;
  url: string | null;
  /** 来源 / 发布机构: who published the page. */
  source: string | null;
  /** Lines (0-based) that are header lines, to leave out of title search. */
  lines: Set<number>;
}

export interface Signature {
  agency: string | null;
  /** YYYY-MM-DD */
  date: string | null;
  line: number;
}

const KEYS: Record<string, keyof Omit<Header, 'lines'>> = {
  标题: 'title',
  题目: 'title',
  文章标题: 'title',
  名称: 'title',
  发布时间: 'date',
  发布日期: 'date',
  发文日期: 'date',
  成文日期: 'date',
  公开日期: 'date',
  原文链接: 'url',
  原文地址: 'url',
  链接: 'url',
  网址: 'url',
  来源链接: 'url',
  url: 'url',
  URL: 'url',
  来源: 'source',
  发布机构: 'source',
  发文机关: 'source',
};
const KEY_RE = new RegExp(`(${Object.keys(KEYS).join('|')})\\s*[:：]\\s*`, 'g');

const DATE = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/;

/** A date as YYYY-MM-DD, or null. */
export function parseDate(s: string): string | null {
  const m = DATE.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Header lines among the first lines of the text: key: value, one or several per line. */
/** Any key: value line (栏目: 文号: 本地目录: …), a header line when it stands among known ones. */
const ANY_KEY = /^[\u4e00-\u9fa5A-Za-z]{2,8}\s*[:：]/;

export function readHeader(st: Stream): Header {
  const h: Header = { title: null, date: null, url: null, source: null, lines: new Set() };
  let seen = 0;
  const keyLines: number[] = [];
  for (let li = 0; li < st.lineStarts.length && seen < 20; li++) {
    const line = lineText(st, li).trim();
    if (!line) continue;
    seen++;
    if (line.length > 300) continue;
    if (ANY_KEY.test(line)) keyLines.push(li);
    const keys = [...line.matchAll(KEY_RE)];
    // A header line starts with its key (索引号 and the like may come first on a page's info bar).
    if (!keys.length || (keys[0]!.index! > 0 && !/^(?:索引号|分类|发布机构|文号|主题分类)/.test(line))) continue;
    h.lines.add(li);
    keys.forEach((k, i) => {
      const field = KEYS[k[1]!]!;
      const from = k.index! + k[0].length;
      const to = i + 1 < keys.length ? keys[i + 1]!.index! : line.length;
      const value = line.slice(from, to).trim();
      if (!value || h[field] !== null) return;
      if (field === 'date') h.date = parseDate(value);
      else if (field === 'url') h.url = /^\S+/.exec(value)?.[0] ?? null;
      else h[field] = value.replace(/\s+/g, '');
    });
  }
  // Other key: value lines among the known ones are the page's too (栏目:, 本地目录:, 文号:).
  if (h.lines.size) for (const li of keyLines) h.lines.add(li);
  return h;
}

const ORG_END = /(?:人民政府|政府|办公室|办公厅|委员会|管理委员会|管委会|厅|局|委|办|院|中心|街道办事处|街道|镇|乡|所|站|队|馆|会|处|公司|集团)$/;

/** A line that is only an agency's name (a 落款): Chinese, short, ending like an agency. */
export function isAgencyName(s: string): boolean {
  const t = s.replace(/\s+/g, '');
  return t.length >= 3 && t.length <= 40 && /^[\u4e00-\u9fa5（）()]+$/.test(t) && ORG_END.test(t) && !/^(?:我|本|该)/.test(t);
}

/** Page furniture a crawler kept after the last line of a report: 更多信息请关注官方微信“…”, 【打印】【关闭】, 扫一扫…. */
const PAGE_FOOTER = /(?:更多信息请?关注|【?打印】?【?关闭|扫一扫|分享到)[^\d]{0,40}$/;

/**
 * The 落款: among the last lines of the text, a date alone on its line with an agency's name on
 * the line above (or before it on the same line).
 */
export function readSignature(st: Stream): Signature | null {
  const lines: number[] = [];
  for (let li = st.lineStarts.length - 1; li >= 0 && lines.length < 10; li--) if (lineText(st, li).trim()) lines.push(li);
  for (let k = 0; k < lines.length; k++) {
    // A crawled page may run its footer on after the date (…2021年1月27日更多信息请关注官方微信).
    const t = lineText(st, lines[k]!).replace(/\s+/g, '').replace(PAGE_FOOTER, '');
    const m = /^(.*?)((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)$/.exec(t);
    if (!m) continue;
    const date = parseDate(m[2]!);
    // Section 六 that says only 无, run into the 落款 on a flattened page (六、其他需要报告的事项 / 无某某厅2021年1月27日).
    const sixAbove = lines[k + 1] !== undefined && /其他需要报告的事项$/.test(lineText(st, lines[k + 1]!).trim());
    const none = sixAbove ? /^(?:暂无|无)(.+)$/.exec(m[1] ?? '')?.[1] : undefined;
    if (none && isAgencyName(none)) return { agency: none, date, line: lines[k]! };
    if (m[1] && isAgencyName(m[1])) return { agency: m[1], date, line: lines[k]! };
    // A flattened page: the 落款 right after the last sentence on the same line (…交流。某某厅2020年1月15日),
    // or after a link's caption (报告下载：某某厅2023年1月28日).
    const cut = m[1] ? Math.max(...['。', '；', '！', '：', ':'].map((p) => m[1]!.lastIndexOf(p))) : -1;
    const after = m[1] ? m[1].slice(cut + 1) : '';
    if (after && after !== m[1] && isAgencyName(after)) return { agency: after, date, line: lines[k]! };
    const above = lines[k + 1];
    if (above !== undefined && isAgencyName(lineText(st, above))) return { agency: lineText(st, above).replace(/\s+/g, ''), date, line: above };
    if (!m[1]) return { agency: null, date, line: lines[k]! };
  }
  return null;
}
