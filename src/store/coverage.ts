/**
 * Where the reports are: the regions with reports or units (each with how many current reports
 * it holds, itself and below), and coverage — units × years, the state of each unit's current
 * report of a year, or missing.
 */
import type { StoreContext } from './context.js';
import type { ReportStatus } from './keys.js';
import { listReports } from './reads.js';
import { getUnit, MAX_PAGE_SIZE } from './rows.js';
import type { AccessScope, Coverage, Unit } from './types.js';
import { listUnits } from './units.js';

/** Regions with reports or units, each with how many current reports it holds (itself and below). */
export async function regions(ctx: StoreContext, scope: AccessScope | null = null): Promise<{ region: string; reports: number }[]> {
  const all = await allRegions(ctx);
  if (!scope) return all;
  if (scope.region) {
    const r = scope.region;
    return all.filter((x) => x.region === r || x.region.startsWith(`${r}/`) || r.startsWith(`${x.region}/`));
  }
  // A unit: the places of its own reports and of itself.
  const own = await listReports(ctx, { scope, pageSize: MAX_PAGE_SIZE });
  const unit = scope.unitId !== undefined && scope.unitId !== null ? await getUnit(ctx, scope.unitId) : null;
  const mine = new Set([...own.items.map((x) => x.region), unit?.region].filter((x): x is string => !!x));
  return all.filter((x) => [...mine].some((m) => m === x.region || m.startsWith(`${x.region}/`)));
}

async function allRegions(ctx: StoreContext): Promise<{ region: string; reports: number }[]> {
  const rows = await ctx.db
    .selectFrom('reports')
    .select(['region', (eb) => eb.fn.countAll<number>().as('n')])
    .where('superseded_by', 'is', null)
    .where('region', 'is not', null)
    .groupBy('region')
    .execute();
  const units = await ctx.db.selectFrom('units').select('region').distinct().where('region', 'is not', null).execute();
  const count = new Map<string, number>();
  const add = (path: string, n: number): void => {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      count.set(p, (count.get(p) ?? 0) + n);
    }
  };
  for (const r of rows) add(r.region!, Number(r.n));
  for (const u of units) add(u.region!, 0);
  return [...count].map(([region, reports]) => ({ region, reports })).sort((a, b) => a.region.localeCompare(b.region, 'zh-CN'));
}

/** Units × years: the current report's state, or missing. Years default to those with reports. */
export async function coverage(
  ctx: StoreContext,
  query: { years?: number[] | null; region?: string | null; scope?: AccessScope | null } = {},
): Promise<Coverage> {
  let years = (query.years ?? []).filter((y) => Number.isInteger(y));
  if (!years.length) {
    const ys = await ctx.db
      .selectFrom('reports')
      .select('year')
      .distinct()
      .where('year', 'is not', null)
      .where('superseded_by', 'is', null)
      .orderBy('year')
      .execute();
    // Every year with a report (a unit's history is the point of the page; there are not many).
    years = ys.map((y) => y.year!);
  }
  years = [...new Set(years)].sort((a, b) => a - b);
  const { items } = await listUnits(ctx, { region: query.region ?? null, pageSize: MAX_PAGE_SIZE, scope: query.scope ?? null });
  const all: Unit[] = [...items];
  for (let page = 2; all.length % MAX_PAGE_SIZE === 0 && all.length > 0; page++) {
    const more = await listUnits(ctx, { region: query.region ?? null, page, pageSize: MAX_PAGE_SIZE, scope: query.scope ?? null });
    if (!more.items.length) break;
    all.push(...more.items);
  }
  const found = new Map<string, { state: 'ok' | 'errors' | 'unreadable'; id: number }>();
  if (years.length && all.length) {
    const reps = await ctx.db
      .selectFrom('reports')
      .select(['id', 'unit_id', 'year', 'status'])
      .where('superseded_by', 'is', null)
      .where('unit_id', 'is not', null)
      .where('year', 'in', years)
      .execute();
    for (const r of reps) found.set(`${r.unit_id}|${r.year}`, { state: r.status as ReportStatus, id: r.id });
  }
  return {
    years,
    rows: all.map((unit) => ({
      unit,
      cells: years.map((year) => {
        const f = found.get(`${unit.id}|${year}`);
        return { year, state: f ? f.state : 'missing', reportId: f ? f.id : null };
      }),
    })),
  };
}
