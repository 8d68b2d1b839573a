/**
 * Compare and analyse over the HTTP API (issue 11): a unit's years, two reports side by side, a
 * region's year (indicators, ranks, coverage), its roll-up by scope, and the comparison workbook.
 * Every figure comes from the stored records through the analysis library (src/analyse), with
 * its formula id and cells; nothing absent is counted as 0.
 *
 * Access: as everywhere else, what the user may not see does not exist — a unit or a report
 * outside the user's scope answers 404, a region outside it gives nothing (lists are scoped by
 * the store through `scopeOf`).
 *
 * The narrative (copies, scope from the text) needs the report's text, which the store does not
 * keep: the original is read again (no OCR: a scan's text is not compared) and the sections cut
 * from it, kept for the most recent files by content hash.
 */
import type { Context, Hono } from 'hono';
import { cellName } from '../analyse/cells.js';
import { checkWholeArea, rollup, rollupGroups, selectChildren, sumTables, type RollupItem } from '../analyse/rollup.js';
import { compareReports } from '../analyse/compare.js';
import { sectionTexts } from '../analyse/copies.js';
import { computeIndicator, INDICATORS, type IndicatorValue } from '../analyse/indicators.js';
import { peerTable } from '../analyse/peers.js';
import { detectScope, SCOPE_NAMES, scopeFromLevel, type ScopeResult } from '../analyse/scope.js';
import { compareSections } from '../analyse/sections.js';
import { yearSeries } from '../analyse/series.js';
import type { Report } from '../model/report.js';
import type { SectionKey, TableId } from '../model/templates.js';
import { parseText } from '../parse/index.js';
import { readDocument } from '../read/index.js';
import { comparisonXlsx, type ComparisonReport } from '../render/comparison-xlsx.js';
import { summaryDocx, type SummaryReport } from '../render/summary-docx.js';
import { MAX_PAGE_SIZE, type RecordTables, type ReportQuery, type ReportSummary, type Store, type Unit } from '../store/index.js';
import { canSee, canSeeUnit, clientIp, narrowRegion, scopeOf, type AuthEnv } from './auth.js';
import { DIFFERENCES_SHOWN, PARTS_SHOWN, type Analysis, type ComparisonResult, type RollupCell, type RollupResult, type UnitYears } from './contract.js';
import { ROUTES } from './routes.js';

const int = (v: string | undefined): number | null => (v !== undefined && /^-?\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : null);
const DEFINITIONS = INDICATORS.map((d) => ({
  id: d.id,
  name: d.name,
  variant: d.variant,
  kind: d.kind,
  unit: d.unit,
  formula: d.formula,
  note: d.note,
  source: d.source,
}));
/** Most reports one workbook or one region-year takes (a larger region: choose a smaller one). */
export const MAX_ANALYSED = 5000;

/** An indicator value without its cells (GET /api/analysis/figure gives them). */
const figure = ({ cells: _cells, ...v }: IndicatorValue): Omit<IndicatorValue, 'cells'> => v;

/** How a report is named in tables: the unit on the list, else the agency as the report names itself. */
export const labelOf = (s: ReportSummary): string => s.unitName ?? s.agency ?? s.agencyAlias ?? s.fileName;

const asciiName = (name: string): string => name.replace(/[^\w.-]+/g, '_').slice(-100) || 'file';
const attachment = (name: string): string => `attachment; filename="${asciiName(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;

interface ReportText {
  /** The whole text as read; null when none could be had. */
  text: string | null;
  sections: Partial<Record<SectionKey, string>> | null;
  /** Why there is no text (Chinese). */
  why: string | null;
}

interface Loaded {
  summary: ReportSummary;
  record: Report;
}

/** What a region's analysis reads of a report: its tables, year and layout (store.recordTables). */
interface Lean {
  summary: ReportSummary;
  record: RecordTables;
}

export interface AnalyseOptions {
  store: Store;
}

/** Register the routes on the app (before its /api/* fallback). */
export function registerAnalyseRoutes(app: Hono<AuthEnv>, opts: AnalyseOptions): void {
  const store = opts.store;

  // ——— helpers ———

  const visible = async (c: Context<AuthEnv>, id: number): Promise<ReportSummary | null> => {
    const s = await store.summary(id);
    return s && canSee(c.get('user'), s) ? s : null;
  };

  /** Every report of a query (all pages), at most MAX_ANALYSED + 1 (the caller refuses more). */
  const allReports = async (q: ReportQuery): Promise<ReportSummary[]> => {
    const out: ReportSummary[] = [];
    for (let page = 1; out.length <= MAX_ANALYSED; page++) {
      const r = await store.listReports({ ...q, page, pageSize: MAX_PAGE_SIZE, sort: 'agency', order: 'asc' });
      out.push(...r.items);
      if (r.items.length < MAX_PAGE_SIZE) break;
    }
    return out;
  };

  const load = async (s: ReportSummary): Promise<Loaded | null> => {
    const r = await store.getReport(s.id);
    return r ? { summary: r.summary, record: r.record } : null;
  };

  /**
   * The region a request may look at: the region asked for, narrowed to a reviewer's region;
   * undefined when the two do not overlap (nothing to show).
   */
  const regionFor = (c: Context<AuthEnv>): string | null | undefined => {
    const asked = c.req.query('region')?.trim().replace(/\/+$/, '').slice(0, 200) || null;
    const u = c.get('user');
    if (u.role !== 'reviewer') return asked;
    const r = narrowRegion(u.scopeRegion ?? '\u0000', asked);
    return r === null ? undefined : r;
  };

  // The text of a report's sections, by content hash (the same file reads the same).
  const texts = new Map<string, Promise<ReportText>>();
  const textOf = (s: ReportSummary): Promise<ReportText> => {
    let p = texts.get(s.sha256);
    if (!p) {
      p = (async (): Promise<ReportText> => {
        const src = await store.getSource(s.id);
        if (!src) return { text: null, sections: null, why: '原文件不存在' };
        const read = await readDocument(src.bytes, { ocr: false });
        const fatal = read.findings.find((f) => f.fatal);
        if (fatal || !read.text.trim())
          return {
            text: null,
            sections: null,
            why: src.format === 'pdf' || src.format === 'image' ? '扫描件，文字未做识别比对' : (fatal?.message ?? '没有文字'),
          };
        // The record's spans point into the original (HTML source, PDF pages): the sections are
        // placed again in the reader's text, as `nianbao compare` does.
        const parsed = parseText(read.text, { path: s.fileName, sha256: src.sha256, format: read.format, bytes: src.bytes.length });
        return { text: read.text, sections: sectionTexts(read.text, parsed.report.sections), why: null };
      })().catch(() => ({ text: null, sections: null, why: '原文件无法再次读取' }));
      texts.set(s.sha256, p);
      if (texts.size > 256) texts.delete(texts.keys().next().value!);
    }
    return p;
  };

  /** A report's scope: the unit list's 层级 when it names one, else what the report's text says. */
  const scopeFor = async (s: ReportSummary, units: Map<number, Unit>): Promise<ScopeResult> => {
    let unit = s.unitId !== null ? (units.get(s.unitId) ?? null) : null;
    if (s.unitId !== null && !unit) {
      unit = await store.getUnit(s.unitId);
      if (unit) units.set(unit.id, unit);
    }
    const fromList = scopeFromLevel(unit?.level);
    if (fromList) return { scope: fromList, basis: 'unitList', evidence: unit!.level };
    const t = await textOf(s);
    const sc = detectScope(t.text ?? '', s.agency ?? s.agencyAlias);
    return !t.text && !sc.scope ? { ...sc, note: `${sc.note ?? '报告未写明统计范围'}（${t.why}）` } : sc;
  };

  /** The same unit's current report of the year before, when the user may see it. */
  const previousOf = async (c: Context<AuthEnv>, s: ReportSummary): Promise<ReportSummary | null> => {
    if (s.unitId === null || s.year === null) return null;
    const r = await store.listReports({ unitId: s.unitId, year: s.year - 1, scope: scopeOf(c.get('user')), pageSize: 1 });
    return r.items[0] ?? null;
  };

  /** The reports of a region and year the user may see (current versions), or an answer to send. */
  const regionYear = async (c: Context<AuthEnv>): Promise<{ region: string | null; year: number; reports: ReportSummary[]; outside: boolean } | Response> => {
    const year = int(c.req.query('year'));
    if (year === null) return c.json({ error: '请指明年度（year=2024）' }, 400);
    const region = regionFor(c);
    if (region === undefined) return { region: c.req.query('region') ?? null, year, reports: [], outside: true };
    const reports = await allReports({ year, region, scope: scopeOf(c.get('user')) });
    if (reports.length > MAX_ANALYSED) return c.json({ error: `该地区该年度的报告超过 ${MAX_ANALYSED} 份，请选择更小的地区` }, 400);
    return { region, year, reports, outside: false };
  };

  /** Tables of the reports and of each one's previous-year report (by unit), read in a few queries. */
  const withPrevious = async (
    c: Context<AuthEnv>,
    reports: ReportSummary[],
    previous: Map<number, ReportSummary> | null,
  ): Promise<{ now: Lean; before: Lean | null }[]> => {
    const before = new Map<number, ReportSummary | null>();
    for (const s of reports) before.set(s.id, previous ? (s.unitId !== null ? (previous.get(s.unitId) ?? null) : null) : await previousOf(c, s));
    const ids = [...reports.map((s) => s.id), ...[...before.values()].filter((p): p is ReportSummary => p !== null).map((p) => p.id)];
    const tables = await store.recordTables(ids);
    const out: { now: Lean; before: Lean | null }[] = [];
    for (const s of reports) {
      const record = tables.get(s.id);
      if (!record) continue;
      const p = before.get(s.id) ?? null;
      const pr = p ? tables.get(p.id) : undefined;
      out.push({ now: { summary: s, record }, before: p && pr ? { summary: p, record: pr } : null });
    }
    return out;
  };

  const previousByUnit = async (c: Context<AuthEnv>, region: string | null, year: number): Promise<Map<number, ReportSummary>> => {
    const before = await allReports({ year: year - 1, region, scope: scopeOf(c.get('user')) });
    return new Map(before.filter((s) => s.unitId !== null && s.status !== 'unreadable').map((s) => [s.unitId!, s]));
  };

  const peersOf = (xs: { now: Lean; before: Lean | null }[], opts: { cells?: boolean } = {}) =>
    peerTable(
      xs.map((x) => ({
        id: x.now.summary.id,
        label: labelOf(x.now.summary),
        report: x.now.record,
        previous: x.before ? { id: x.before.summary.id, report: x.before.record } : null,
      })),
      opts,
    );

  // ——— a unit's years ———
  app.get(ROUTES.unitYears.pattern, async (c) => {
    const unit = await store.getUnit(Number(c.req.param('id')));
    if (!unit || !canSeeUnit(c.get('user'), unit)) return c.json({ error: '没有这个单位' }, 404);
    const user = c.get('user');
    const reports = (await allReports({ unitId: unit.id, scope: scopeOf(user) })).filter((s) => canSee(user, s));
    const left: UnitYears['left'] = [];
    const loaded: Loaded[] = [];
    for (const s of reports.sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || b.id - a.id)) {
      if (s.year === null) left.push({ report: s, reason: '年度未知' });
      else if (s.status === 'unreadable') left.push({ report: s, reason: '无法读取' });
      else {
        const x = await load(s);
        if (x) loaded.push(x);
      }
    }
    const series = yearSeries(loaded.map((x) => ({ id: x.summary.id, report: x.record })));
    const byId = new Map(loaded.map((x) => [x.summary.id, x.summary]));
    for (const l of series.left) left.push({ report: byId.get(l.id)!, reason: l.reason });
    const body: UnitYears = {
      unit,
      years: series.years,
      reports: series.ids.map((id) => byId.get(id)!),
      consecutive: series.consecutive,
      left,
      cells: series.cells,
      indicators: series.indicators,
      yearOverYear: series.yearOverYear,
      definitions: DEFINITIONS,
    };
    return c.json(body);
  });

  // ——— two reports ———
  app.get(ROUTES.compare.pattern, async (c) => {
    const bId = int(c.req.query('b'));
    if (bId === null) return c.json({ error: '请指明要比较的报告（b=报告编号，a=另一份报告编号）' }, 400);
    const b = await visible(c, bId);
    if (!b) return c.json({ error: `报告 ${bId} 不存在` }, 404);
    const aAsked = c.req.query('a');
    let a: ReportSummary | null;
    if (aAsked === undefined || aAsked === '') {
      a = await previousOf(c, b);
      if (!a)
        return c.json(
          {
            error:
              b.unitId === null ? '这份报告未匹配到单位，无法找到上一年度的报告；请指明另一份报告（a=报告编号）' : `本单位没有${(b.year ?? 0) - 1}年度的报告`,
          },
          404,
        );
    } else {
      const aId = int(aAsked);
      if (aId === null) return c.json({ error: 'a 应为报告编号' }, 400);
      a = await visible(c, aId);
      if (!a) return c.json({ error: `报告 ${aId} 不存在` }, 404);
    }
    const [x, y] = [await load(a), await load(b)];
    if (!x || !y) return c.json({ error: '报告不存在' }, 404);
    const cmp = compareReports(x.record, y.record);
    const [ta, tb] = [await textOf(a), await textOf(b)];
    const body: ComparisonResult = {
      a: x.summary,
      b: y.summary,
      consecutive: cmp.consecutive,
      cells: cmp.cells,
      indicators: cmp.indicators,
      yearOverYear: cmp.yearOverYear,
      sections: compareSections(ta.sections, tb.sections, { a: ta.why, b: tb.why }),
      definitions: DEFINITIONS,
    };
    return c.json(body);
  });

  // ——— a region's year ———
  // A figure's cells, which the region's answer leaves out (thousands of reports × every indicator).
  app.get(ROUTES.analysisFigure.pattern, async (c) => {
    const id = int(c.req.query('report'));
    const def = INDICATORS.find((d) => d.id === c.req.query('id'));
    if (id === null || !def) return c.json({ error: '请指明报告和指标（report=报告编号&id=公式编号）' }, 400);
    const s = await visible(c, id);
    if (!s) return c.json({ error: `报告 ${id} 不存在` }, 404);
    // As the region's answer: the same unit's readable report of the year before.
    const before = def.kind === 'yoy' ? await previousOf(c, s) : null;
    const p = before && before.status !== 'unreadable' ? before : null;
    const tables = await store.recordTables(p ? [s.id, p.id] : [s.id]);
    const now = tables.get(s.id);
    if (!now) return c.json({ error: `报告 ${id} 没有读到统计表` }, 404);
    return c.json(computeIndicator(def, now, p ? (tables.get(p.id) ?? null) : null));
  });

  app.get(ROUTES.analysis.pattern, async (c) => {
    const ry = await regionYear(c);
    if (ry instanceof Response) return ry;
    const { region, year, reports } = ry;
    const readable = reports.filter((s) => s.status !== 'unreadable');
    const xs = await withPrevious(c, readable, ry.outside ? new Map() : await previousByUnit(c, region, year));
    // Values only: a figure's cells are sent on their own when it is opened (ROUTES.analysisFigure).
    const peers = peersOf(xs, { cells: false });
    const coverage: Analysis['coverage'] = [];
    if (!ry.outside) {
      const cov = await store.coverage({ years: [year - 1, year], region, scope: scopeOf(c.get('user')) });
      for (const y of [year - 1, year]) {
        const cells = cov.rows.map((r) => ({ unit: r.unit, cell: r.cells.find((x) => x.year === y)! }));
        coverage.push({
          year: y,
          units: cells.length,
          submitted: cells.filter((x) => x.cell.state !== 'missing').length,
          errors: cells.filter((x) => x.cell.state === 'errors').length,
          unreadable: cells.filter((x) => x.cell.state === 'unreadable').length,
          missing: cells.filter((x) => x.cell.state === 'missing').map((x) => ({ id: x.unit.id, name: x.unit.name })),
        });
      }
    }
    const body: Analysis = {
      region,
      year,
      minRequests: peers.minRequests,
      ids: peers.ids,
      yoyIds: peers.yoyIds,
      rows: peers.rows.map((r, i) => ({
        report: xs[i]!.now.summary,
        label: r.label,
        previousId: r.previousId,
        requests: r.requests,
        rankable: r.rankable,
        reason: r.reason,
        values: r.values.map(figure),
        changes: r.changes,
        yearOverYear: r.yearOverYear.map(figure),
        ranks: r.ranks,
        notRanked: r.notRanked,
      })),
      unreadable: reports.filter((s) => s.status === 'unreadable'),
      coverage,
      definitions: DEFINITIONS,
    };
    return c.json(body);
  });

  type Item = RollupItem & { unitId: number | null };
  type Check = RollupResult['wholeArea'][number];

  /** What a region-year's roll-up is made of: each readable report with its scope, the units listed there, the unreadable ones by unit. */
  const rollupItems = async (c: Context<AuthEnv>, ry: { region: string | null; reports: ReportSummary[]; outside: boolean }) => {
    const { region, reports } = ry;
    const user = c.get('user');
    const units = new Map<number, Unit>();
    for (let page = 1; !ry.outside; page++) {
      const r = await store.listUnits({ region, scope: scopeOf(user), page, pageSize: MAX_PAGE_SIZE });
      for (const u of r.items) units.set(u.id, u);
      if (r.items.length < MAX_PAGE_SIZE) break;
    }
    const scopes: RollupResult['scopes'] = [];
    const items: Item[] = [];
    const unreadable = new Map<number, ReportSummary>();
    const tables = await store.recordTables(reports.filter((s) => s.status !== 'unreadable').map((s) => s.id));
    for (const s of reports) {
      if (s.status === 'unreadable') {
        if (s.unitId !== null) unreadable.set(s.unitId, s);
        continue;
      }
      const record = tables.get(s.id);
      if (!record) continue;
      const sc = await scopeFor(s, units);
      const label = `${labelOf(s)}（#${s.id}）`;
      scopes.push({ report: s, label, scope: sc.scope, basis: sc.basis, evidence: sc.evidence, note: sc.note ?? null });
      items.push({ id: String(s.id), label, report: record, scope: sc.scope, place: s.region, unitId: s.unitId });
    }
    return { units, scopes, items, unreadable };
  };

  /** A whole-area report against the sum of its children, every difference with every child's part. */
  const wholeAreaOf = (parent: Item, made: Awaited<ReturnType<typeof rollupItems>>, shown = { differences: Infinity, parts: Infinity }): Check => {
    const { units, items, unreadable } = made;
    // The unit list's tree first: the children are the units whose 上级 is this report's unit.
    const listed = parent.unitId !== null ? [...units.values()].filter((u) => u.parentId === parent.unitId) : [];
    let check;
    let excluded;
    let from: 'unitList' | 'place';
    if (listed.length) {
      const childIds = new Set(listed.map((u) => u.id));
      const children = items.filter((x) => x !== parent && x.unitId !== null && childIds.has(x.unitId));
      const have = new Set(children.map((x) => x.unitId));
      const missing = listed.filter((u) => !have.has(u.id)).map((u) => (unreadable.has(u.id) ? `${u.name}（报告无法读取）` : u.name));
      check = checkWholeArea(parent, children, { missing });
      // Reports inside the parent's area that the list does not put under it (a province's other
      // counties are not named: listing every report of the region for every parent made the
      // answer grow with the square of the region).
      const inside = (x: RollupItem): boolean => !parent.place || (!!x.place && (x.place === parent.place || x.place.startsWith(`${parent.place}/`)));
      const chosen = new Set(children);
      excluded = items.filter((x) => x !== parent && !chosen.has(x) && inside(x)).map((x) => ({ id: x.id, label: x.label, reason: '不是名单中该单位的下级' }));
      from = 'unitList' as const;
    } else {
      const sel = selectChildren(parent, items);
      check = checkWholeArea(parent, sel.children, { missing: null });
      excluded = sel.excluded;
      from = 'place' as const;
    }
    return {
      parent: { id: Number(check.parent.id), label: check.parent.label },
      children: check.children.map((x) => ({ id: Number(x.id), label: x.label, scope: x.scope })),
      childrenFrom: from,
      missing: check.missing,
      status: check.status,
      message: check.message,
      differenceCount: check.differences.length,
      differences: check.differences
        .slice(0, shown.differences)
        .map((d) => ({ ...d, parts: d.parts.slice(0, shown.parts).map((p) => ({ ...p, id: Number(p.id) })), partCount: d.parts.length })),
      incomparable: check.incomparable,
      excluded: ids(excluded),
    };
  };

  const ids = (xs: { id: string; label: string; reason: string }[]) => xs.map((e) => ({ id: Number(e.id), label: e.label, reason: e.reason }));

  // A province has thousands of reports: each summed cell carries its largest parts and each
  // whole-area check its first differences; the rest comes on demand (rollup/cell, rollup/check).
  app.get(ROUTES.rollup.pattern, async (c) => {
    const ry = await regionYear(c);
    if (ry instanceof Response) return ry;
    const { region, year } = ry;
    const made = await rollupItems(c, ry);
    const { groups, left } = rollup(made.items);
    const wholeArea: RollupResult['wholeArea'] = made.items
      .filter((x) => x.scope === 'whole-area')
      .map((parent) => wholeAreaOf(parent, made, { differences: DIFFERENCES_SHOWN, parts: PARTS_SHOWN }));
    const body: RollupResult = {
      region,
      year,
      scopes: made.scopes,
      groups: groups.map((g) => ({
        scope: g.scope,
        items: g.items.map((x) => ({ id: Number(x.id), label: x.label })),
        cells: g.sum.cells.map((x) => ({
          table: x.table,
          row: x.row,
          col: x.col,
          name: cellName(x),
          value: x.value,
          parts: x.parts.slice(0, PARTS_SHOWN).map((p) => ({ ...p, id: Number(p.id) })),
          partCount: x.parts.length,
          missing: x.missing.slice(0, PARTS_SHOWN),
          missingCount: x.missing.length,
        })),
      })),
      left: ids(left),
      wholeArea,
    };
    return c.json(body);
  });

  /** table, row and col of a cell asked in the query, or null. */
  const cellAsked = (c: Context<AuthEnv>): { table: TableId; row: string; col: string } | null => {
    const [table, row, col] = ['table', 'row', 'col'].map((k) => c.req.query(k)?.trim() ?? '');
    if (table !== 't2' && table !== 't3' && table !== 't4') return null;
    if (!row || !col || row.length > 100 || col.length > 100) return null;
    return { table, row, col };
  };

  // Every part of one summed cell of a scope group.
  app.get(ROUTES.rollupCell.pattern, async (c) => {
    const cell = cellAsked(c);
    if (!cell) return c.json({ error: '请指明单元格（table=t3&row=granted&col=total）' }, 400);
    const scope = c.req.query('scope');
    if (scope !== 'office' && scope !== 'level-only' && scope !== 'whole-area')
      return c.json({ error: '请指明统计范围（scope=office、level-only 或 whole-area）' }, 400);
    const ry = await regionYear(c);
    if (ry instanceof Response) return ry;
    const { items } = await rollupItems(c, ry);
    // The reports rollup() sums in this scope's group.
    const group = rollupGroups(items).groups.find((g) => g.scope === scope)?.list ?? [];
    const sum = sumTables(group, cell).cells[0];
    if (!sum) return c.json({ error: `${SCOPE_NAMES[scope]}报告中没有这个单元格` }, 404);
    const body: RollupCell = {
      ...cell,
      name: cellName(cell),
      value: sum.value,
      parts: sum.parts.map((p) => ({ ...p, id: Number(p.id) })),
      missing: sum.missing,
    };
    return c.json(body);
  });

  // One whole-area report against its children: every difference, every part.
  app.get(ROUTES.rollupCheck.pattern, async (c) => {
    const parentId = int(c.req.query('parent'));
    if (parentId === null) return c.json({ error: '请指明全域报告（parent=报告编号）' }, 400);
    const ry = await regionYear(c);
    if (ry instanceof Response) return ry;
    const made = await rollupItems(c, ry);
    const parent = made.items.find((x) => x.id === String(parentId) && x.scope === 'whole-area');
    if (!parent) return c.json({ error: `该地区该年度没有全域报告 #${parentId}` }, 404);
    return c.json(wholeAreaOf(parent, made));
  });

  // ——— the comparison workbook ———
  /** The reports a bulk export covers: ids=1,2,3, or a region and year (with the units' previous reports). */
  const chosenFor = async (
    c: Context<AuthEnv>,
  ): Promise<
    | {
        chosen: ReportSummary[];
        title: string;
        name: string;
        previous: Map<number, ReportSummary> | null;
        ry: { region: string | null; year: number; outside: boolean } | null;
      }
    | Response
  > => {
    const idList = [
      ...new Set(
        (c.req.query('ids') ?? '')
          .split(',')
          .map((x) => int(x))
          .filter((x): x is number => x !== null),
      ),
    ];
    let chosen: ReportSummary[];
    let title: string;
    let name: string;
    let previous: Map<number, ReportSummary> | null = null;
    let ryOf: { region: string | null; year: number; outside: boolean } | null = null;
    if (idList.length) {
      if (idList.length > MAX_ANALYSED) return c.json({ error: `一次最多 ${MAX_ANALYSED} 份报告` }, 400);
      chosen = [];
      for (const id of idList) {
        const s = await visible(c, id);
        if (!s) return c.json({ error: `报告 ${id} 不存在` }, 404);
        chosen.push(s);
      }
      title = `所选 ${chosen.length} 份报告`;
      name = `所选${chosen.length}份`;
    } else {
      const ry = await regionYear(c);
      if (ry instanceof Response) return ry;
      ryOf = { region: ry.region, year: ry.year, outside: ry.outside };
      chosen = ry.reports.filter((s) => s.status !== 'unreadable');
      previous = await previousByUnit(c, ry.region, ry.year);
      const where = ry.region ?? '全部地区';
      title = `${where} ${ry.year}年度（${chosen.length} 份报告）`;
      name = `${where.split('/').pop()}-${ry.year}年度`;
    }
    return { chosen, title, name, previous, ry: ryOf };
  };

  app.get(ROUTES.comparisonXlsx.pattern, async (c) => {
    const sel = await chosenFor(c);
    if (sel instanceof Response) return sel;
    const { chosen, title, name, previous } = sel;
    const idList = sel.ry ? [] : chosen.map((s) => s.id);
    const xs = await withPrevious(c, chosen, previous);
    const reports: ComparisonReport[] = xs.map((x) => ({
      id: x.now.summary.id,
      label: labelOf(x.now.summary),
      region: x.now.summary.region,
      year: x.now.summary.year,
      tables: x.now.record.tables,
    }));
    const bytes = await comparisonXlsx({ title, reports, peers: peersOf(xs), madeAt: new Date().toISOString() });
    const u = c.get('user');
    await store.accounts.audit({
      user: u.name,
      role: u.role,
      action: 'export.comparison',
      target: idList.length ? idList.map((i) => `#${i}`).join(',') : (c.req.url.split('?')[1] ?? null),
      detail: `${reports.length} 份报告`,
      ip: clientIp(c),
    });
    const fileName = `比较工作簿-${name}-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}.xlsx`.replace(/[\\/:*?"<>|\s]+/g, '_');
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('Content-Disposition', attachment(fileName));
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  // ——— the summary DOCX ———
  app.get(ROUTES.summaryDocx.pattern, async (c) => {
    const sel = await chosenFor(c);
    if (sel instanceof Response) return sel;
    const { chosen, title, name, previous, ry } = sel;
    const xs = await withPrevious(c, chosen, previous);
    const units = new Map<number, Unit>();
    const reports: SummaryReport[] = [];
    for (const x of xs) {
      const s = x.now.summary;
      const sc = await scopeFor(s, units);
      reports.push({
        id: s.id,
        label: labelOf(s),
        region: s.region,
        year: s.year,
        scope: sc.scope,
        tables: x.now.record.tables,
        previous: x.before?.record.tables ?? null,
      });
    }
    let coverage: { units: number; submitted: number; missing: string[] } | null = null;
    if (ry && !ry.outside) {
      const cov = await store.coverage({ years: [ry.year], region: ry.region, scope: scopeOf(c.get('user')) });
      const cells = cov.rows.map((r) => ({ unit: r.unit, cell: r.cells.find((x) => x.year === ry.year)! }));
      if (cells.length)
        coverage = {
          units: cells.length,
          submitted: cells.filter((x) => x.cell.state !== 'missing').length,
          missing: cells.filter((x) => x.cell.state === 'missing').map((x) => x.unit.name),
        };
    }
    const bytes = await summaryDocx({
      title: title.replace(/（\d+ 份报告）$/, ''),
      year: ry?.year ?? null,
      madeAt: new Date().toISOString(),
      reports,
      coverage,
    });
    const u = c.get('user');
    await store.accounts.audit({
      user: u.name,
      role: u.role,
      action: 'export.summary',
      target: ry ? (c.req.url.split('?')[1] ?? null) : chosen.map((s) => `#${s.id}`).join(','),
      detail: `${reports.length} 份报告`,
      ip: clientIp(c),
    });
    const fileName = `汇总报告-${name}-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}.docx`.replace(/[\\/:*?"<>|\s]+/g, '_');
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    c.header('Content-Disposition', attachment(fileName));
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });
}
