/**
 * Matching reports to the list of units: the matcher over the list (rebuilt when the list
 * changed, also by another process), the unit, place, supersede group and search text that follow
 * from a report's names, matching every report again after the list changed, the queue of reports
 * whose unit is unmatched or ambiguous, and a reviewer's choice of unit.
 */
import { sql } from 'kysely';
import { Matcher, type MatchResult } from '../units/match.js';
import { nameKey } from '../units/names.js';
import { pinyinKey } from '../units/pinyin.js';
import type { Db, StoreContext } from './context.js';
import { clean } from './keys.js';
import { getUnit, likeStart, META_COLUMNS, now, summary, summaryQuery, toSummary, type ReportRow } from './rows.js';
import { afterMove } from './supersede.js';
import type { ReportSummary, ReviewQueue, AccessScope, Unit } from './types.js';

/** The matcher over the current list of units, rebuilt when the list changed (also by another process). */
export async function getMatcher(ctx: StoreContext): Promise<Matcher> {
  const rev = (await ctx.db.selectFrom('meta').select('value').where('key', '=', 'units_rev').executeTakeFirst())?.value ?? '0';
  if (!ctx.units.matcher || rev !== ctx.units.rev) {
    const units = await ctx.db.selectFrom('units').selectAll().execute();
    ctx.units.matcher = new Matcher(
      units.map((u) => ({ id: u.id, name: u.name, aliases: JSON.parse(u.aliases) as string[], region: u.region, regionCode: u.region_code })),
    );
    ctx.units.rev = rev;
  }
  return ctx.units.matcher;
}

/** Say that the list of units changed (every store's matcher is rebuilt on its next use). */
export async function bumpUnits(trx: Db): Promise<void> {
  const rev = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await trx
    .insertInto('meta')
    .values({ key: 'units_rev', value: rev })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: rev }))
    .execute();
}

/** The names of a report that matching reads, with what decides its group (year, status). */
export interface MatchInput {
  agency: string | null;
  agencyAlias: string | null;
  title: string | null;
  fileName: string;
  year: number | null;
  status: string;
}

/** Unit, region, supersede group and search text of a report, from its names and its match. */
export function matchFields(n: MatchInput, m: MatchResult, matcher: Matcher, old?: Pick<ReportRow, 'match_status' | 'unit_id'>) {
  const agencyKey = n.agency ? nameKey(n.agency) : n.agencyAlias ? nameKey(n.agencyAlias) : null;
  const manual = old?.match_status === 'manual' && old.unit_id !== null && matcher.entries.has(old.unit_id);
  const unitId = manual ? old.unit_id : m.unitId;
  const unit = unitId !== null ? (matcher.entries.get(unitId)?.unit ?? null) : null;
  const own = m.region.division;
  const region = unit?.region ? { region: unit.region, code: unit.regionCode } : own ? { region: own.path, code: own.code } : { region: null, code: null };
  const groupKey = n.status === 'unreadable' || n.year === null ? null : unitId !== null ? `u:${unitId}` : agencyKey ? `a:${agencyKey}` : null;
  return {
    agency_key: agencyKey,
    unit_id: unitId,
    match_status: manual ? 'manual' : m.status,
    region: region.region,
    region_code: region.code,
    group_key: groupKey,
    search_text: searchText([n.agency, n.agencyAlias, n.title, n.fileName, region.region, unit?.name, ...(unit?.aliases ?? [])]),
    agency_sort: pinyinKey(n.agency ?? n.agencyAlias),
  };
}

export const namesOf = (r: ReportRow): MatchInput => ({
  agency: r.agency,
  agencyAlias: r.agency_alias,
  title: r.title,
  fileName: r.file_name,
  year: r.year,
  status: r.status,
});

const searchText = (parts: (string | null | undefined)[]): string =>
  clean(
    parts
      .filter((p): p is string => !!p)
      .join('\n')
      .toLowerCase(),
  );

/** Match every report again (after the list of units changed); manual choices are kept. */
export async function rematch(ctx: StoreContext): Promise<number> {
  const matcher = await getMatcher(ctx);
  const rows = await ctx.db.selectFrom('reports').select(META_COLUMNS).execute();
  let changed = 0;
  for (const old of rows) {
    const n = namesOf(old);
    const f = matchFields(n, matcher.match(n), matcher, old);
    if (
      f.unit_id === old.unit_id &&
      f.match_status === old.match_status &&
      f.region === old.region &&
      f.region_code === old.region_code &&
      f.group_key === old.group_key &&
      f.search_text === old.search_text
    )
      continue;
    changed++;
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('reports')
        .set({ ...f, updated_at: now() })
        .where('id', '=', old.id)
        .execute();
      await afterMove(trx, ctx.dialect, old, { group_key: f.group_key, year: old.year });
    });
  }
  return changed;
}

/** Which unit a report with these names would be matched to, and where it is placed (nothing is written). */
export async function matchUnit(
  ctx: StoreContext,
  names: { agency: string | null; agencyAlias?: string | null; title?: string | null; fileName?: string | null },
): Promise<{
  status: MatchResult['status'];
  unit: Unit | null;
  candidates: Unit[];
  region: string | null;
  regionCode: string | null;
}> {
  const matcher = await getMatcher(ctx);
  const m = matcher.match({ agency: names.agency, agencyAlias: names.agencyAlias ?? null, title: names.title ?? null, fileName: names.fileName ?? null });
  const candidates = (await Promise.all(m.candidates.map((id) => getUnit(ctx, id)))).filter((u): u is Unit => u !== null);
  const unit = m.unitId !== null ? (candidates.find((u) => u.id === m.unitId) ?? null) : null;
  const region = unit?.region
    ? { region: unit.region, code: unit.regionCode }
    : { region: m.region.division?.path ?? null, code: m.region.division?.code ?? null };
  return { status: m.status, unit, candidates, region: region.region, regionCode: region.code };
}

/** Current reports whose unit is unmatched or ambiguous, with the units that could be meant. */
export async function reviewQueue(ctx: StoreContext, opts: { limit?: number; scope?: AccessScope | null } = {}): Promise<ReviewQueue> {
  const matcher = await getMatcher(ctx);
  // A reviewer settles the unplaced or unmatched reports of their region; a unit has none to settle.
  if (opts.scope?.unitId !== undefined && opts.scope.unitId !== null) return { items: [] };
  const region = opts.scope?.region ?? null;
  const rows = await summaryQuery(ctx.db)
    .$if(region !== null, (qb) =>
      qb.where((eb) => eb.or([eb('reports.region', '=', region!), sql<boolean>`${eb.ref('reports.region')} like ${likeStart(region! + '/')} escape '\\'`])),
    )
    .select(['reports.match_status', 'reports.title'])
    .where('reports.superseded_by', 'is', null)
    .where('reports.match_status', 'in', ['unmatched', 'ambiguous'])
    .where('reports.status', '<>', 'unreadable')
    .orderBy('reports.id')
    .limit(Math.max(1, Math.min(opts.limit ?? 1000, 10_000)))
    .execute();
  const units = new Map<number, Unit>();
  const items: ReviewQueue['items'] = [];
  for (const r of rows) {
    const m = matcher.match({ agency: r.agency, agencyAlias: r.agency_alias, title: r.title, fileName: r.file_name });
    const candidates: Unit[] = [];
    for (const id of m.candidates) {
      if (!units.has(id)) {
        const u = await getUnit(ctx, id);
        if (u) units.set(id, u);
      }
      const u = units.get(id);
      if (u) candidates.push(u);
    }
    items.push({ report: toSummary(r), reason: r.match_status === 'ambiguous' ? 'ambiguous' : 'unmatched', candidates });
  }
  return { items };
}

/** A reviewer's choice of unit for a report (null: back to automatic matching). Null when report or unit does not exist. */
export async function setReportUnit(ctx: StoreContext, reportId: number, unitId: number | null): Promise<ReportSummary | null> {
  const old = await ctx.db.selectFrom('reports').select(META_COLUMNS).where('id', '=', reportId).executeTakeFirst();
  if (!old) return null;
  if (unitId !== null && !(await getUnit(ctx, unitId))) return null;
  const matcher = await getMatcher(ctx);
  const n = namesOf(old);
  const auto = matcher.match(n);
  // A chosen unit: its place, or (a unit without one) where the report's own name put it.
  const m: MatchResult = unitId === null ? auto : { status: 'matched', unitId, candidates: [unitId], region: auto.region };
  const f = matchFields(n, m, matcher);
  if (unitId !== null) f.match_status = 'manual';
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('reports')
      .set({ ...f, updated_at: now() })
      .where('id', '=', reportId)
      .execute();
    await afterMove(trx, ctx.dialect, old, { group_key: f.group_key, year: old.year });
  });
  return await summary(ctx, reportId);
}

/**
 * The current reports a reviewer's choice of unit would replace (or be replaced by): the same
 * unit's reports of the same year. Empty when the choice supersedes nothing.
 */
export async function supersedeConflicts(ctx: StoreContext, reportId: number, unitId: number | null): Promise<ReportSummary[]> {
  const r = await ctx.db.selectFrom('reports').select(['year', 'status', 'group_key']).where('id', '=', reportId).executeTakeFirst();
  if (!r || unitId === null || r.year === null || r.status === 'unreadable') return [];
  const key = `u:${unitId}`;
  if (key === r.group_key) return [];
  const rows = await summaryQuery(ctx.db)
    .where('reports.group_key', '=', key)
    .where('reports.year', '=', r.year)
    .where('reports.superseded_by', 'is', null)
    .where('reports.id', '<>', reportId)
    .execute();
  return rows.map(toSummary);
}
