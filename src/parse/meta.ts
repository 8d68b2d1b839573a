/** Title, agency and year of a report. */
import type { Finding } from '../model/report.js';
import { lineText, placeOf, type Stream } from './stream.js';

export interface Meta {
  title: string | null;
  agency: string | null;
  year: number | null;
  titleLine: number | null;
  findings: Finding[];
  /** Title, agency or year taken from the file's name (M.title says which). */
  fromFileName?: boolean;
}

const YEAR = /((?:19|20)\d{2})\s*年(?:度)?/;
const KIND = /(?:政府信息公开|政务公开|信息公开)/;

/**
 * A page marker before the title, as a flip-book viewer's text page prints it on top of every page
 * (`Page 8 - 威海市…年度报告`, `第8页 - …`): chrome, never part of the title or the agency.
 */
const PAGE_MARK = /^(?:Page|第)\d{1,4}页?[-–—:：|]/i;

/** The pipes closing a title rendered as a table cell (`某某街2024年度政府信息公开年报 |`): no breadcrumb, no part of the title. */
const CELL_END = /[|｜]+$/;

/**
 * A title at the start of a line, the preface's first sentence following it with no break: words and the
 * year only (no punctuation, so a sentence that mentions a report is none), then 根据/按照/依据….
 */
const GLUED_TITLE = /^([\u4e00-\u9fa5（）()]{2,40}?(?:19|20)\d{2}\s*年度?[\u4e00-\u9fa5]{2,20}?(?:报告|年报))(?=根据|按照|依据|为|本报告|现将)/;

/** Parse a one-line title (whitespace removed). */
export function parseTitle(raw: string): { agency: string | null; year: number } | null {
  let t = raw
    .replace(/\s+/g, '')
    .replace(PAGE_MARK, '')
    .replace(CELL_END, '')
    .replace(/^(?:标题|题目|文章标题|名称)[:：]/, '') // a crawler's header line
    .replace(/^#+|^\*\*|\*\*$/g, '') // a markdown heading, bold
    .replace(/^.*[>»›|]/, '') // breadcrumbs: 首页 > 政务公开 > …
    .replace(/[(（][^()（）]{0,30}[)）]$/, '')
    .replace(/^[《〈“"]+|[》〉”"]+$/g, '');
  if (!/(?:报告|年报)$/.test(t) || !KIND.test(t) || t.length > 80) return null;
  const y = YEAR.exec(t);
  if (!y) return null;
  const year = Number(y[1]);
  t = t.slice(0, y.index) + t.slice(y.index + y[0].length);
  const k = /(?:政府信息公开|政务公开|信息公开)(?:工作)?/.exec(t);
  if (!k) return null;
  let agency = t.slice(0, k.index).replace(/(?:关于|的)$/, '');
  // 卧龙区人民政府政府信息公开… leaves 卧龙区人民政府; 政府信息公开 right after 人民 is part of the name
  if (agency.endsWith('人民')) agency += '政府';
  agency = agency.replace(/^[\s:：、,，.。]+|[\s:：、,，.。]+$/g, '');
  if (!agency || /[。；;!！?？]/.test(agency) || agency.length > 40) return { agency: null, year };
  return { agency, year };
}

/** Look for the title in the first lines of the document (it may wrap over two lines, or follow the first heading). */
export function findMeta(st: Stream, beforeOffset: number, headingLines: Set<number> = new Set(), nearLine: number | null = null): Meta {
  const findings: Finding[] = [];
  const lines: number[] = [];
  for (let i = 0; i < st.lineStarts.length && lines.length < 40; i++) {
    if (st.lineStarts[i]! >= beforeOffset && lines.length > 0) break;
    if (st.noise[i] || headingLines.has(i) || !lineText(st, i).trim()) continue;
    lines.push(i);
  }
  // A title ends with 报告 or 年报 (on its line, or on the next one when it wraps).
  const maybeTitle = (t: string): boolean => t.includes('报告') || t.includes('年报') || t.length < 6;
  // A title may wrap over two lines; a line above it may be page chrome. Prefer a single line
  // that names an agency, then two lines joined, then a title that names none.
  let fallback: Meta | null = null;
  const candidates: { text: string; line: number }[] = [];
  for (let k = 0; k < lines.length; k++) {
    const a = lineText(st, lines[k]!).trim();
    if (a.length <= 80) candidates.push({ text: a, line: lines[k]! });
    // A title run into the first sentence of its page: 某某街道2024年政府信息公开工作年度报告根据《…》编制。
    const glued = GLUED_TITLE.exec(a);
    if (glued && glued[1]!.length < a.length) candidates.push({ text: glued[1]!, line: lines[k]! });
  }
  for (let k = 0; k < lines.length - 1; k++) {
    if (lines[k + 1]! > lines[k]! + 2) continue;
    const a = lineText(st, lines[k]!).trim() + lineText(st, lines[k + 1]!).trim();
    if (a.length <= 90) candidates.push({ text: a, line: lines[k]! });
  }
  // Nearest to the first heading first: links to other reports in page chrome come earlier.
  if (nearLine !== null) candidates.sort((a, b) => Math.abs(a.line - nearLine) - Math.abs(b.line - nearLine) || a.line - b.line);
  for (const c of candidates) {
    if (!maybeTitle(c.text)) continue;
    const p = parseTitle(c.text);
    if (!p) continue;
    const m: Meta = {
      title: c.text.replace(/\s+/g, '').replace(PAGE_MARK, '').replace(CELL_END, ''),
      agency: p.agency,
      year: p.year,
      titleLine: c.line,
      findings,
    };
    if (p.agency) return m;
    fallback ??= m;
  }
  if (fallback) return fallback;
  // No title: take the year from the statistics-period sentence or the body.
  const period = /统计(?:期限|时限|期间|时段)[^。]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日/.exec(st.text);
  const body = period ?? /((?:19|20)\d{2})\s*年(?:度|以来|,|，|全年)/.exec(st.text);
  let year: number | null = null;
  if (body) {
    year = Number(body[1]);
    const pl = placeOf(st, body.index, body.index + body[0].length);
    findings.push({ rule: 'M.title', severity: 'warning', message: `未找到报告标题，年度${year}取自正文`, ...pl, actual: body[0] });
  } else findings.push({ rule: 'M.title', severity: 'warning', message: '未找到报告标题，也无法确定报告年度' });
  return { title: null, agency: null, year, titleLine: null, findings };
}

/**
 * When the title names no agency, the body often does by its short name as the subject of a
 * sentence: 区国动办高度重视…. Kept as `agencyAlias`, never as `agency`.
 */
export function findAlias(body: string): string | null {
  const re =
    /(?:^|[。；，,\n\s、])((?![我本该])[\u4e00-\u9fa5]{1,10}?(?:办公室|办|厅|局|委员会|委|院|中心|政府|街道办事处|街道|镇|乡|管委会|管理处|所|站|队|馆|会))(?:高度重视|认真|严格|坚持|按照|始终|全面|紧紧围绕|积极|深入|进一步)/gu;
  const counts = new Map<string, number>();
  for (const m of body.matchAll(re)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  let best: string | null = null;
  for (const [k, v] of counts) if (!best || v > counts.get(best)!) best = k;
  return best;
}

/** Where an agency's name ends: the words agencies' names end with. */
const ORG = String.raw`(?:人民政府办公室|人民政府|办公室|办公厅|委员会|管理委员会|管委会|厅|局|委|院|中心|街道办事处|街道|镇人民政府|乡人民政府|镇|乡|署|所|站|队|馆|会)`;
/** The subject of the first sentences of section 一: 2023年，河北省科学技术厅坚持…. */
const SUBJECT = new RegExp(
  String.raw`(?:19|20)\d{2}\s*年(?:度|以来)?\s*[,，]?\s*([\u4e00-\u9fa5]{2,30}?${ORG})(?=坚持|认真|严格|深入|全面|按照|紧紧围绕|始终|高度重视|积极|以|在|进一步|围绕|聚焦|持续|扎实|不断|着力|立足|依法|切实|结合)`,
);
/** A full name starts with the place: 河北省…, 南阳市…, 卧龙区…; 省工业和信息化厅 is a short name. */
const FULL = /^(?:[\u4e00-\u9fa5]{2,12}?(?:省|自治区|市|自治州|州|盟|地区|县|区|旗)|国家|中华人民共和国)[\u4e00-\u9fa5]/;
/**
 * A town's or street's own name is a place: the preface of 湖东镇's report names it 湖东镇, as its title does
 * (现公布某某镇2022年度…年度报告). Not 全镇/本乡/我街道, not a department (区统计局).
 */
const TOWN = /^(?![我本该全各此])[\u4e00-\u9fa5]{2,10}?(?:镇|乡|街道|街道办事处|苏木)(?:人民政府)?$/;
/**
 * The report named in the preface: 现公布X2023年政府信息公开工作年度报告, 特编制X…, 现向社会公布X…年度报告.
 * (Not a notice about reports: 关于做好2023年政府信息公开工作年度报告… names no agency's report.)
 */
const NAMED_REPORT = /(?:公布|编制|发布|公开|现将)\s*《?([\u4e00-\u9fa5（）()]{2,40}?(?:19|20)\d{2}\s*年度?政府信息公开(?:工作)?(?:年度)?报告)/g;
/**
 * The agency whose disclosure the report says it covers, in a regional template's preface:
 * 全文包括某某旗某某苏木人民政府信息公开总体情况，主动公开政府信息情况，….
 */
const COVERS = new RegExp(String.raw`全文包括\s*([\u4e00-\u9fa5]{2,30}?${ORG})\s*(?:(?:19|20)\d{2}\s*年度?)?(?:政府)?信息公开(?:工作)?总体情况`);
/** A title that names no year (the page files it under one): 驼峰路街道办事处政府信息公开工作年度报告. */
const YEARLESS_TITLE = new RegExp(String.raw`^([\u4e00-\u9fa5]{2,30}?${ORG})(?:关于)?政府信息公开工作(?:年度)?报告$`);
/** The agency that says it made the report: 绍兴市越城区东湖街道特编制2023年政府信息公开年度报告. */
const EDITOR = new RegExp(
  String.raw`([\u4e00-\u9fa5]{2,30}?${ORG})(?:特|现|依法)?(?:编制|发布|公布)了?\s*《?((?:19|20)\d{2})\s*年度?政府信息公开(?:工作)?(?:年度)?报告`,
);
/** The report as an attachment: 附件：河北省科学技术厅2023年政府信息公开工作年度报告.pdf */
const ATTACHMENT = /([\u4e00-\u9fa5（）()]{2,40}?(?:19|20)\d{2}\s*年度?政府信息公开工作(?:年度)?报告)\s*\.(?:docx?|pdf|wps|ofd)/;
/** The same named as the attachment without a file name's extension, ending its line: 附件：河北省教育厅2022年政府信息公开工作年度报告 */
const ATTACHMENT_LINE = /附件\s*\d*\s*[:：]\s*\d*[、.．]?\s*([\u4e00-\u9fa5（）()]{2,40}?(?:19|20)\d{2}\s*年度?政府信息公开工作(?:年度)?报告)\s*(?:\n|$)/;

export interface MetaEvidence {
  /** A crawler's 标题: line. */
  headerTitle: string | null;
  /** 来源: on the page. */
  headerSource: string | null;
  /** The agency over the 落款 date. */
  signedBy: string | null;
  /** Section 一's text (or the text before section 二). */
  opening: string;
  /** The file's name without its folder and extension, when known. */
  fileName?: string | null;
}

/**
 * The agency when the title does not name it, and its canonical (full) name: from a crawler's
 * 标题 line, the 落款, the subject of the opening sentences, the report's own file name given as
 * an attachment; then the longest form the text gives of it (南阳市卧龙区人民政府 for 卧龙区人民政府
 * when a sentence or line starts with the longer one).
 */
export function completeMeta(st: Stream, meta: Meta, ev: MetaEvidence): Meta {
  const out = { ...meta };
  const fromTitle = (t: string | null): ReturnType<typeof parseTitle> => (t ? parseTitle(t) : null);
  if (!out.title && ev.headerTitle) {
    const p = fromTitle(ev.headerTitle);
    if (p) {
      out.title = ev.headerTitle.replace(/\s+/g, '');
      out.year ??= p.year;
      if (p.agency) out.agency = p.agency;
    }
  }
  if (!out.agency && ev.headerTitle) out.agency = fromTitle(ev.headerTitle)?.agency ?? null;
  if (!out.agency && ev.signedBy && FULL.test(ev.signedBy)) out.agency = ev.signedBy;
  if (!out.agency) {
    const m = SUBJECT.exec(ev.opening.slice(0, 1500));
    if (m && FULL.test(m[1]!)) out.agency = m[1]!;
  }
  if (!out.agency) {
    // Each report the preface names, in order: a notice cited first (《…关于做好2021年政府信息公开工作年度报告…的通知》)
    // is passed over for the report it says is published (现向社会公开X2021年…年度报告).
    for (const m of st.text.slice(0, 3000).matchAll(NAMED_REPORT)) {
      const p = parseTitle(m[1]!);
      if (p?.agency && (FULL.test(p.agency) || TOWN.test(p.agency)) && !/关于|做好|印发|通知/.test(p.agency) && (out.year === null || p.year === out.year)) {
        out.agency = p.agency;
        out.year ??= p.year;
        break;
      }
    }
  }
  if (!out.agency) {
    const m = EDITOR.exec(st.text.slice(0, 3000));
    if (m && FULL.test(m[1]!) && (out.year === null || Number(m[2]) === out.year)) {
      out.agency = m[1]!;
      out.year ??= Number(m[2]);
    }
  }
  if (!out.agency) {
    const m = COVERS.exec(st.text.slice(0, 3000));
    if (m && FULL.test(m[1]!)) out.agency = m[1]!;
  }
  if (!out.agency && !out.title) {
    // The first lines with text: a title without its year still names its agency.
    for (let i = 0, seen = 0; i < st.lineStarts.length && seen < 5; i++) {
      const t = st.trimmed[i];
      if (!t || st.noise[i]) continue;
      seen++;
      const m = YEARLESS_TITLE.exec(t.replace(/\s+/g, ''));
      if (m) {
        out.agency = m[1]!;
        break;
      }
    }
  }
  if (!out.agency || !out.title) {
    const m = ATTACHMENT.exec(st.text) ?? ATTACHMENT_LINE.exec(st.text);
    const p = m ? parseTitle(m[1]!) : null;
    if (p && (p.year === out.year || out.year === null)) {
      out.title ??= m![1]!.replace(/\s+/g, '');
      out.year ??= p.year;
      if (!out.agency && p.agency) out.agency = p.agency;
    }
  }
  if (!out.agency && ev.headerSource && FULL.test(ev.headerSource) && new RegExp(`${ORG}$`).test(ev.headerSource)) out.agency = ev.headerSource;
  if ((!out.agency || !out.title) && ev.fileName) fromFileName(out, ev.fileName);
  if (out.agency) out.agency = canonical(st.text, out.agency);
  return out;
}

/** A name that is a whole agency's: a place, then words ending as agencies' names end. */
const AGENCY_NAME = new RegExp(`^([\u4e00-\u9fa5（）()]{4,40}?${ORG})(?=$|[-_—－·\\s（(\\d])`);

/**
 * The last place to look: the file's own name, as reviewers receive them (「某县某局2023年政府信息公开
 * 工作年度报告.pdf」, 「某县某局-2023.docx」) — the title and the agency when the text names neither,
 * the year only where the text gives none or the same. Said in M.title: what the file's name gave.
 */
function fromFileName(out: Meta, fileName: string): void {
  const name = fileName.replace(/\s+/g, '');
  const p = parseTitle(name);
  const gave: string[] = [];
  const titled = out.title !== null;
  if (p && KIND.test(name) && (out.year === null || p.year === out.year)) {
    if (!out.title) {
      out.title = name;
      gave.push('标题');
    }
    if (!out.agency && p.agency && FULL.test(p.agency)) {
      out.agency = p.agency;
      gave.push('单位名称');
    }
    if (out.year === null) {
      out.year = p.year;
      gave.push('年度');
    }
  } else if (!out.agency) {
    const m = AGENCY_NAME.exec(name);
    if (m && FULL.test(m[1]!)) {
      out.agency = m[1]!;
      gave.push('单位名称');
    }
  }
  if (!gave.length) return;
  const said = `${gave.join('、')}取自文件名「${fileName}」，请核对`;
  const before = out.findings.find((f) => f.rule === 'M.title');
  out.findings = [
    ...out.findings.filter((f) => f !== before),
    before
      ? { ...before, message: `${before.message.replace(/，也无法确定报告年度$/, '')}；${said}` }
      : { rule: 'M.title', severity: 'warning', message: `${titled ? '报告标题中没有单位名称' : '正文中未找到报告标题'}；${said}`, actual: fileName },
  ];
  out.fromFileName = true;
}

/** A province or city before a name: 河南省南阳市, 南阳市, 恩施土家族苗族自治州… (the end of the text before it). */
const PLACE_BEFORE = /((?:[\u4e00-\u9fa5]{2,3}(?:省|自治区))?[\u4e00-\u9fa5]{2,3}(?:市|自治州|州|盟|地区))$/;

/** The longest form of `name` the text gives: a province or city before it, at a start of text. */
export function canonical(text: string, name: string): string {
  let best = name;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = text.slice(Math.max(0, at - 14), at);
    const m = PLACE_BEFORE.exec(before);
    if (!m) continue;
    // It starts the text, a line or a sentence: not 对南阳市… inside a clause.
    const prev = before[before.length - m[1]!.length - 1];
    if (prev !== undefined && /[\u4e00-\u9fa5]/.test(prev)) continue;
    const full = m[1]! + name;
    if (full.length > best.length) best = full;
  }
  return best;
}
