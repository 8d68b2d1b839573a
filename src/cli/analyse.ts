/**
 * The analysis commands, loaded only when one of them runs (src/cli/main.ts imports this module
 * lazily): `nianbao check --previous FILE`, `nianbao compare A B`, `nianbao rollup FILES…`.
 * Human output in Chinese; `--json` for machines. Nothing is fetched: every figure comes from the
 * files given.
 */
import type { ReadLimits } from './parse.js';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { reportFromRead, isUnreadable } from '../index.js';
import { RULES, checkReport } from '../check/index.js';
import type { Report } from '../model/report.js';
import { SECTIONS, type SectionKey } from '../model/templates.js';
import { parseText } from '../parse/index.js';
import { readDocument } from '../read/index.js';
import { unreadable } from '../read/types.js';
import { Matcher, placeReport } from '../units/match.js';
import { nameKey } from '../units/names.js';
import { parseUnitFile, type UnitRow } from '../units/import.js';
import { cellName } from '../analyse/cells.js';
import { compareReports, type Comparison } from '../analyse/compare.js';
import { COMPARED_SECTIONS, findCopies, sectionSignature, sectionTexts, similarity, type CopyDoc } from '../analyse/copies.js';
import { formatIndicator, indicatorDef } from '../analyse/indicators.js';
import { checkWholeArea, rollup, selectChildren, type RollupItem, type WholeAreaCheck } from '../analyse/rollup.js';
import { detectScope, SCOPE_NAMES, scopeFromLevel, type ScopeResult } from '../analyse/scope.js';

const MAX_BYTES = 200 * 1024 * 1024;
const OPEN_ERRORS: Record<string, string> = { ENOENT: '文件不存在', EACCES: '没有读取权限', EPERM: '没有读取权限', EISDIR: '这是文件夹，不是文件' };

/** A report read for analysis: the record and the text of each section. */
export interface Loaded {
  path: string;
  report: Report;
  /** The whole text as read (for the scope), '' when unreadable. */
  text: string;
  sections: Partial<Record<SectionKey, string>>;
}

/** Read one file (`-`: standard input) into a record and its sections' text. Never throws: an unreadable file gives a record with one fatal finding. */
export async function load(path: string, limits: ReadLimits = {}): Promise<Loaded> {
  const fail = (message: string): Loaded => ({
    path,
    report: reportFromRead(unreadable('unknown', message), { path, sha256: '', bytes: 0 }),
    text: '',
    sections: {},
  });
  let bytes: Uint8Array;
  try {
    if (path !== '-' && statSync(path).size > MAX_BYTES) return fail(`文件超过 ${MAX_BYTES / 1024 / 1024} MB，未读取`);
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    return fail(`无法打开文件：${OPEN_ERRORS[(e as NodeJS.ErrnoException).code ?? ''] ?? (e as Error).message}`);
  }
  const read = await readDocument(bytes, limits);
  const info = { path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  const report = reportFromRead(read, info);
  if (isUnreadable(report)) return { path, report, text: '', sections: {} };
  // The record's spans point into the original (HTML source, PDF pages); the sections' text is cut
  // from the reader's text, where a second parse places them.
  const sections = read.locate ? parseText(read.text, { ...info, format: read.format }).report.sections : report.sections;
  return { path, report, text: read.text, sections: sectionTexts(read.text, sections) };
}

/** 「涧西区民政局2023年度报告」 */
export function labelOf(r: Report): string {
  const who = r.agency ?? r.agencyAlias ?? (r.source.path ? basename(r.source.path) : '（单位未写明）');
  return `${who}${r.year !== null ? `${r.year}年度` : '（年度未知）'}报告`;
}

const unitKey = (r: Report): string | null => {
  const n = r.agency ?? r.agencyAlias;
  return n ? nameKey(n) : null;
};

function copyDoc(x: Loaded, unit?: string | null): CopyDoc {
  const places: CopyDoc['places'] = {};
  for (const s of x.report.sections)
    if (s.span) places[s.key] = { span: s.span, ...(s.line !== null ? { line: s.line } : {}), ...(s.page ? { page: s.page } : {}) };
  return {
    id: x.path,
    label: labelOf(x.report),
    unit: unit === undefined ? unitKey(x.report) : unit,
    year: x.report.year,
    sections: x.sections,
    tables: x.report.tables,
    places,
  };
}

// ——— check --previous ———

const CROSS_YEAR = RULES.filter((r) => r.meta.type === 'crossYear').map((r) => r.meta.id);

/**
 * Read the reports and the same unit's previous-year report; add to each report the cross-year
 * findings (X.carryOver, X.inForceRoll) and the copy findings against the previous report
 * (X.copiedText, X.copiedTable). Notes (Chinese) say what could not be compared.
 */
export async function checkWithPrevious(files: string[], previousFile: string, limits: ReadLimits = {}): Promise<{ reports: Report[]; notes: string[] }> {
  const prev = await load(previousFile, limits);
  const loaded: Loaded[] = [];
  for (const f of files) loaded.push(await load(f, limits));
  const notes: string[] = [];
  if (isUnreadable(prev.report)) {
    notes.push(`上一年度报告 ${previousFile} 无法读取（${prev.report.findings.find((f) => f.fatal)?.message ?? ''}），未做跨年度核查`);
    return { reports: loaded.map((x) => x.report), notes };
  }
  for (const x of loaded) {
    const r = x.report;
    if (isUnreadable(r)) continue;
    if (r.year === null || prev.report.year === null || prev.report.year !== r.year - 1) {
      notes.push(
        `${x.path}：上一年度报告为${prev.report.year ?? '（年度未知）'}年度，本报告为${r.year ?? '（年度未知）'}年度，年度不相接，跨年度核查（上年结转、现行有效件数）未做`,
      );
    } else {
      const a = unitKey(r);
      const b = unitKey(prev.report);
      if (a && b && a !== b)
        notes.push(`${x.path}：两份报告的单位名称不同（${r.agency ?? r.agencyAlias} / ${prev.report.agency ?? prev.report.agencyAlias}），仍按同一单位核查`);
      r.findings.push(...checkReport(r, { previous: prev.report, only: CROSS_YEAR }));
    }
    // The caller says this is the same unit: compare the text with last year's whatever the names.
    const { findings } = findCopies([copyDoc(x, 'same'), copyDoc(prev, 'same')]);
    r.findings.push(...(findings.get(x.path) ?? []));
  }
  return { reports: loaded.map((x) => x.report), notes };
}

// ——— compare ———

const fmtNum = (v: number | null): string => (v === null ? '—（缺）' : String(v));
const signed = (v: number): string => (v > 0 ? `+${v}` : String(v));
const TABLE_TITLES = { t2: '表二 主动公开政府信息情况', t3: '表三 收到和处理政府信息公开申请情况', t4: '表四 行政复议、行政诉讼情况' } as const;

export interface CompareOutput extends Comparison {
  files: { a: string; b: string };
  /** Estimated text similarity of each narrative section (null when a section is missing or too short). */
  sections: { key: SectionKey; similarity: number | null }[];
}

export function compareLoaded(a: Loaded, b: Loaded): CompareOutput {
  const c = compareReports(a.report, b.report, { a: labelOf(a.report), b: labelOf(b.report) });
  const sections = COMPARED_SECTIONS.map((key) => {
    const x = a.sections[key] ? sectionSignature(a.sections[key]!) : null;
    const y = b.sections[key] ? sectionSignature(b.sections[key]!) : null;
    return { key, similarity: x && y ? similarity(x, y) : null };
  });
  return { ...c, files: { a: a.path, b: b.path }, sections };
}

export function describeComparison(c: CompareOutput): string {
  const lines: string[] = [];
  lines.push(`比较：A ${c.a.label}（${c.files.a}）  →  B ${c.b.label}（${c.files.b}）`);
  lines.push(`格式：A ${c.a.template ?? '未识别'}  B ${c.b.template ?? '未识别'}；差值为 B − A`);
  for (const table of ['t2', 't3', 't4'] as const) {
    const cells = c.cells.filter((x) => x.table === table);
    lines.push('', TABLE_TITLES[table]);
    if (!cells.length) {
      lines.push('  两份报告都没有读到这张表');
      continue;
    }
    let quiet = 0;
    for (const x of cells) {
      if (x.a === 0 && x.b === 0) {
        quiet++;
        continue;
      }
      const d = x.delta === null ? '（无法相减）' : x.delta === 0 ? '（相同）' : `（${signed(x.delta)}）`;
      lines.push(`  ${x.name}：${fmtNum(x.a)} → ${fmtNum(x.b)}${d}`);
    }
    if (quiet) lines.push(`  其余${quiet}个单元格两份报告都为0`);
  }
  lines.push('', '指标（方括号内为公式编号）');
  for (const i of c.indicators) {
    const def = indicatorDef(i.id)!;
    const d =
      i.delta === null
        ? ''
        : def.unit === '%'
          ? `（${signed(Math.round(i.delta * 10) / 10)}个百分点）`
          : `（${signed(Math.round(i.delta * 1e4) / 1e4)}${def.unit}）`;
    lines.push(`  ${def.name}（${def.variant}）[${i.id}]：${formatIndicator(def, i.a)} → ${formatIndicator(def, i.b)}${d}`);
  }
  if (c.consecutive) {
    lines.push('', '同比（B 对 A，同一单位相邻两年）');
    for (const v of c.yearOverYear) {
      const def = indicatorDef(v.id)!;
      lines.push(`  ${def.name} [${v.id}]：${formatIndicator(def, v)}`);
    }
  }
  lines.push('', '文字相似度（按部分估计，数字不计）');
  for (const s of c.sections) {
    const sec = SECTIONS.find((x) => x.key === s.key)!;
    lines.push(`  「${sec.no}、${sec.label}」：${s.similarity === null ? '无法比较（缺少该部分或过短）' : `约${Math.round(s.similarity * 100)}%`}`);
  }
  return lines.join('\n');
}

/** `nianbao compare A B [--json]`: exit 2 when either file cannot be read. */
export async function runCompare(fileA: string, fileB: string, json: boolean): Promise<{ output: string; exitCode: number }> {
  const [a, b] = [await load(fileA), await load(fileB)];
  const bad = [a, b].filter((x) => isUnreadable(x.report));
  if (bad.length) {
    const msg = bad.map((x) => `${x.path}：${x.report.findings.find((f) => f.fatal)?.message ?? '无法读取'}`);
    return { output: json ? JSON.stringify({ error: msg }, null, 1) : msg.map((m) => `无法比较：${m}`).join('\n'), exitCode: 2 };
  }
  const c = compareLoaded(a, b);
  return { output: json ? JSON.stringify(c, null, 1) : describeComparison(c), exitCode: 0 };
}

// ——— rollup ———

export interface RollupFile {
  path: string;
  label: string;
  agency: string | null;
  year: number | null;
  scope: ScopeResult;
  place: string | null;
  unreadable?: string;
}

export interface RollupOutput {
  files: RollupFile[];
  groups: ReturnType<typeof rollup>['groups'];
  left: ReturnType<typeof rollup>['left'];
  wholeArea: (WholeAreaCheck & { excluded: { id: string; label: string; reason: string }[]; childrenFrom: 'unitList' | 'place' })[];
}

interface UnitTree {
  matcher: Matcher;
  rows: UnitRow[];
}

async function loadUnits(path: string): Promise<UnitTree | { error: string }> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { error: `单位名单 ${path} 无法打开：${OPEN_ERRORS[(e as NodeJS.ErrnoException).code ?? ''] ?? (e as Error).message}` };
  }
  const parsed = await parseUnitFile(bytes);
  if (!parsed.rows.length) return { error: `单位名单 ${path} 中没有可用的单位（${parsed.rejected.map((r) => r.message).join('；') || '文件为空'}）` };
  const matcher = new Matcher(parsed.rows.map((u, i) => ({ id: i, name: u.name, aliases: u.aliases, region: u.region, regionCode: null })));
  return { matcher, rows: parsed.rows };
}

/** Roll up the files: sums per year and scope, and each whole-area report against its children. */
export async function rollupFiles(
  files: string[],
  opts: { units?: string | null } = {},
): Promise<{ result: RollupOutput; notes: string[]; unreadable: number; items: RollupItem[] }> {
  const notes: string[] = [];
  let tree: UnitTree | null = null;
  if (opts.units) {
    const t = await loadUnits(opts.units);
    if ('error' in t) notes.push(`${t.error}；下级名单未知，按地区判断下级`);
    else tree = t;
  }
  const loaded: Loaded[] = [];
  for (const f of files) loaded.push(await load(f));
  const out: RollupFile[] = [];
  const items: RollupItem[] = [];
  const unitOf = new Map<string, number | null>();
  for (const x of loaded) {
    const r = x.report;
    const label = labelOf(r);
    if (isUnreadable(r)) {
      out.push({
        path: x.path,
        label,
        agency: null,
        year: null,
        scope: { scope: null, basis: null, evidence: null },
        place: null,
        unreadable: r.findings.find((f) => f.fatal)?.message ?? '无法读取',
      });
      continue;
    }
    const names = { agency: r.agency, agencyAlias: r.agencyAlias, title: r.title, fileName: basename(x.path) };
    const region = placeReport(names);
    let scope = detectScope(x.text, r.agency ?? r.agencyAlias);
    let unit: number | null = null;
    if (tree) {
      const m = tree.matcher.match(names);
      unit = m.status === 'matched' ? m.unitId : null;
      const fromList = unit !== null ? scopeFromLevel(tree.rows[unit]!.level) : null;
      if (fromList) scope = { scope: fromList, basis: 'unitList', evidence: tree.rows[unit!]!.level };
    }
    unitOf.set(x.path, unit);
    const place = region.status === 'placed' ? region.division!.path : null;
    out.push({ path: x.path, label, agency: r.agency ?? r.agencyAlias, year: r.year, scope, place });
    items.push({ id: x.path, label, report: r, scope: scope.scope, place });
  }
  const { groups, left } = rollup(items);
  const wholeArea: RollupOutput['wholeArea'] = [];
  for (const parent of items.filter((x) => x.scope === 'whole-area')) {
    const pu = unitOf.get(parent.id) ?? null;
    const listed = tree && pu !== null ? childUnits(tree, pu) : [];
    if (tree && listed.length) {
      // The unit list's tree: the children are the units whose 上级 is this unit.
      const children = items.filter((x) => x.id !== parent.id && x.report.year === parent.report.year && listed.includes(unitOf.get(x.id) ?? -1));
      const have = new Set(children.map((x) => unitOf.get(x.id)));
      const missing = listed.filter((u) => !have.has(u)).map((u) => tree!.rows[u]!.name);
      const excluded = items
        .filter((x) => x.id !== parent.id && !children.includes(x))
        .map((x) => ({ id: x.id, label: x.label, reason: x.report.year !== parent.report.year ? '年度不同' : '不是名单中该单位的下级' }));
      wholeArea.push({ ...checkWholeArea(parent, children, { missing }), excluded, childrenFrom: 'unitList' });
    } else {
      const sel = selectChildren(parent, items);
      wholeArea.push({ ...checkWholeArea(parent, sel.children, { missing: null }), excluded: sel.excluded, childrenFrom: 'place' });
    }
  }
  return { result: { files: out, groups, left, wholeArea }, notes, unreadable: out.filter((f) => f.unreadable).length, items };
}

function childUnits(tree: UnitTree, parent: number): number[] {
  const p = tree.rows[parent]!;
  const keys = new Set([p.name, ...p.aliases].map(nameKey));
  return tree.rows.flatMap((u, i) => (i !== parent && u.parent && keys.has(nameKey(u.parent)) ? [i] : []));
}

const scopeWord = (s: ScopeResult): string =>
  s.scope
    ? `${SCOPE_NAMES[s.scope]}（${s.basis === 'text' ? `报告中写明：「${s.evidence}」` : s.basis === 'agency' ? '按机关名称' : `单位名单：${s.evidence}`}）`
    : `未判明${s.note ? `（${s.note}）` : ''}`;

export function describeRollup(o: RollupOutput, notes: string[]): string {
  const lines: string[] = [];
  lines.push('报告');
  for (const f of o.files)
    lines.push(`  ${f.path}：${f.unreadable ? `无法读取（${f.unreadable}）` : `${f.label}；统计范围：${scopeWord(f.scope)}；地区：${f.place ?? '未能确定'}`}`);
  lines.push('', '合计（按年度和统计范围分别相加，不同范围的报告不相加）');
  if (!o.groups.length) lines.push('  没有可合计的报告');
  for (const g of o.groups) {
    lines.push(`  ${g.year}年度 · ${SCOPE_NAMES[g.scope]}（${g.items.length}份）：${g.items.map((x) => x.label).join('、')}`);
    let zero = 0;
    for (const c of g.sum.cells) {
      if (c.value === 0) {
        zero++;
        continue;
      }
      const name = cellName({ table: c.table, row: c.row, col: c.col });
      if (c.value === null) lines.push(`    ${name}：无法合计（${c.missing.join('、')}缺少该格）`);
      else lines.push(`    ${name}：${c.value}（${c.parts.map((p) => `${p.label} ${p.value}`).join('，')}）`);
    }
    if (zero) lines.push(`    其余${zero}个单元格合计为0`);
  }
  if (o.left.length) {
    lines.push('', '未合计');
    for (const l of o.left) lines.push(`  ${l.label}：${l.reason}`);
  }
  if (o.wholeArea.length) {
    lines.push('', '全域报告与下级报告之和');
    const STATUS = { consistent: '一致', different: '不一致', uncertain: '无法确定', notApplicable: '不适用' } as const;
    for (const w of o.wholeArea) {
      lines.push(`  【${STATUS[w.status]}】${w.message}`);
      lines.push(`    下级（${w.childrenFrom === 'unitList' ? '按单位名单' : '按地区'}）：${w.children.map((c) => c.label).join('、') || '无'}`);
      for (const d of w.differences)
        lines.push(
          `    ${d.name}：本报告${d.parent}，下级之和${d.children}，相差${signed(d.difference)}；下级各自：${d.parts.map((p) => `${p.label} ${p.value}`).join('，') || '都为0'}` +
            (d.suspects.length ? `；该格关系不成立的下级：${d.suspects.join('、')}` : ''),
        );
      if (w.missing?.length) lines.push(`    缺少报告的下级：${w.missing.join('、')}`);
      for (const i of w.incomparable.slice(0, 20)) lines.push(`    ${i.name}：未比对（${i.lacking.join('、')}缺少该格）`);
      for (const e of w.excluded) lines.push(`    未计入：${e.label}（${e.reason}）`);
    }
  }
  for (const n of notes) lines.push('', `提示：${n}`);
  return lines.join('\n');
}

/**
 * `nianbao rollup FILES… [--json] [--units FILE] [--docx OUT]`: exit 2 when a file cannot be read,
 * else 0. With --docx, the summary DOCX (src/render/summary-docx.ts) of the readable files is
 * written to OUT as well: figures summed per scope, charts, one row per report; a unit's report of
 * the year before, when among the files, is its previous year.
 */
export async function runRollup(
  files: string[],
  opts: { json?: boolean; units?: string | null; docx?: string | null; title?: string | null },
): Promise<{ output: string; exitCode: number }> {
  const { result, notes, unreadable: bad, items } = await rollupFiles(files, opts);
  if (opts.docx) {
    const { summaryDocx } = await import('../render/summary-docx.js');
    const { writeFileSync } = await import('node:fs');
    const years = [...new Set(items.map((x) => x.report.year).filter((y): y is number => y !== null))].sort();
    const year = years.at(-1) ?? null;
    // The latest year's reports; each one's previous year when the same agency's report of the year before is given too.
    const agencyOf = new Map(result.files.map((f) => [f.path, f.agency]));
    const key = (x: RollupItem): string => nameKey(agencyOf.get(x.id) ?? x.label);
    const before = new Map(items.filter((x) => year !== null && x.report.year === year - 1).map((x) => [key(x), x]));
    const latest = items.filter((x) => x.report.year === year);
    const places = [...new Set(latest.map((x) => x.place ?? ''))];
    const title = opts.title ?? `${places.length === 1 && places[0] ? places[0] : `所选 ${latest.length} 份报告`}${year !== null ? ` ${year}年度` : ''}`;
    const bytes = await summaryDocx({
      title,
      year,
      madeAt: new Date().toISOString(),
      reports: latest.map((x) => ({
        id: x.id,
        label: x.label,
        region: x.place ?? null,
        year: x.report.year,
        scope: x.scope,
        tables: x.report.tables,
        previous: before.get(key(x))?.report.tables ?? null,
      })),
    });
    writeFileSync(opts.docx, bytes);
    notes.push(`汇总报告已写入 ${opts.docx}（${latest.length} 份报告${years.length > 1 ? `，${year}年度` : ''}）`);
  }
  return { output: opts.json ? JSON.stringify({ ...result, notes }, null, 1) : describeRollup(result, notes), exitCode: bad ? 2 : 0 };
}
