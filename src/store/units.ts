/**
 * The list of units (名录): import from a file or rows (one unit per name and place, aliases
 * merged, parents linked by name), change or remove one unit, list them. Every change bumps the
 * list's revision and matches the reports again (matching.ts).
 */
import { ownRegion, placeName, placeRegion } from '../units/divisions.js';
import { parseUnitFile, unitNameProblem, type UnitRow } from '../units/import.js';
import { nameKey } from '../units/names.js';
import { pinyinKey } from '../units/pinyin.js';
import type { StoreContext } from './context.js';
import { clean } from './keys.js';
import { bumpUnits, rematch } from './matching.js';
import { getUnit, MAX_PAGE_SIZE, now, toUnit } from './rows.js';
import { underRegion, unitHasWord, wordsOf } from './search.js';
import type { AccessScope, Unit, UnitImportResult } from './types.js';

/** Import units from a CSV or XLSX file (see units/import.ts). */
export async function importUnitFile(ctx: StoreContext, bytes: Uint8Array, opts: { region?: string | null } = {}): Promise<UnitImportResult> {
  const parsed = await parseUnitFile(bytes);
  const res = await importUnits(ctx, parsed.rows, opts);
  return { ...res, rejected: [...parsed.rejected, ...res.rejected].sort((a, b) => a.line - b.line) };
}

/**
 * Add or update units (one per name and place; aliases are merged), link parents by name, then
 * match the reports again (a manual choice is kept).
 */
export async function importUnits(ctx: StoreContext, rows: UnitRow[], opts: { region?: string | null } = {}): Promise<UnitImportResult> {
  let added = 0;
  let updated = 0;
  const rejected: UnitImportResult['rejected'] = [];
  await ctx.db.transaction().execute(async (trx) => {
    const ids: { row: UnitRow; id: number; code: string | null }[] = [];
    for (const row of rows) {
      const name = clean(row.name.trim());
      const place = unitPlace(name, row.region);
      if ('message' in place) {
        rejected.push({ line: row.line, message: `第${row.line}行：${place.message}；未导入` });
        continue;
      }
      const { region, code } = place;
      // A reviewer imports the units of their own region only.
      if (opts.region && !(region === opts.region || region?.startsWith(`${opts.region}/`))) {
        rejected.push({
          line: row.line,
          message: `第${row.line}行：单位不在您负责的地区（${opts.region}）内${region ? `（${region}）` : '（未写地区）'}；未导入`,
        });
        continue;
      }
      const key = nameKey(name);
      const ident = `${key}|${code ?? (region ? nameKey(region) : '')}`;
      const at = now();
      const old = await trx.selectFrom('units').selectAll().where('ident', '=', ident).executeTakeFirst();
      if (old) {
        const aliases = [...new Set([...(JSON.parse(old.aliases) as string[]), ...row.aliases.map(clean)])];
        await trx
          .updateTable('units')
          .set({
            name,
            name_sort: pinyinKey(name),
            aliases: JSON.stringify(aliases),
            region,
            region_code: code,
            level: row.level ? clean(row.level) : old.level,
            updated_at: at,
          })
          .where('id', '=', old.id)
          .execute();
        ids.push({ row, id: old.id, code });
        updated++;
      } else {
        const r = await trx
          .insertInto('units')
          .values({
            name,
            name_key: key,
            name_sort: pinyinKey(name),
            ident,
            aliases: JSON.stringify(row.aliases.map(clean)),
            region,
            region_code: code,
            level: row.level ? clean(row.level) : null,
            parent_id: null,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push({ row, id: r.id, code });
        added++;
      }
    }
    // Parents by name, once every unit of the file exists; several namesakes: the one whose place contains the child's.
    for (const { row, id, code } of ids) {
      if (!row.parent) continue;
      const cands = (await trx.selectFrom('units').select(['id', 'region_code']).where('name_key', '=', nameKey(row.parent)).execute()).filter(
        (u) => u.id !== id,
      );
      const near = cands.length > 1 && code ? cands.filter((u) => u.region_code && code.startsWith(u.region_code)) : cands;
      if (near.length === 1) await trx.updateTable('units').set({ parent_id: near[0]!.id }).where('id', '=', id).execute();
      else
        rejected.push({
          line: row.line,
          message: near.length
            ? `第${row.line}行：上级单位「${row.parent}」有多个同名单位，未设上级`
            : `第${row.line}行：上级单位「${row.parent}」不在名单中，未设上级`,
        });
    }
    await bumpUnits(trx);
  });
  const rematched = await rematch(ctx);
  return { added, updated, rejected, rematched };
}

/**
 * Change one unit: its name, region, level, parent and aliases (each left as it is when not
 * given). The same checks as an import (a real region, a name the list does not already hold,
 * no parent loop); then the reports are matched again. Never throws on bad input.
 */
export async function updateUnit(
  ctx: StoreContext,
  id: number,
  patch: { name?: string; region?: string | null; level?: string | null; parentId?: number | null; aliases?: string[] },
): Promise<{ unit: Unit; rematched: number } | { error: string; status: 400 | 404 | 409 }> {
  const old = await ctx.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  if (!old) return { error: '没有这个单位', status: 404 };
  const name = clean((patch.name ?? old.name).trim());
  const bad = unitNameProblem(name);
  if (bad) return { error: bad, status: 400 };
  const place = patch.region === undefined ? { region: old.region, code: old.region_code } : unitPlace(name, patch.region);
  if ('message' in place) return { error: place.message, status: 400 };
  const parentId = patch.parentId === undefined ? old.parent_id : patch.parentId;
  if (parentId !== null) {
    // Walk up from the new parent: reaching this unit would make a loop.
    let at: number | null = parentId;
    for (let hops = 0; at !== null; hops++) {
      if (at === id || hops > 1000) return { error: '上级单位不能是本单位或本单位的下级', status: 400 };
      const up: { parent_id: number | null } | undefined = await ctx.db.selectFrom('units').select('parent_id').where('id', '=', at).executeTakeFirst();
      if (!up) return { error: `没有编号为 ${parentId} 的上级单位`, status: 400 };
      at = up.parent_id;
    }
  }
  const aliases =
    patch.aliases === undefined
      ? (JSON.parse(old.aliases) as string[])
      : [...new Set(patch.aliases.map((a) => clean(a.trim())).filter((a) => a && a !== name))];
  const key = nameKey(name);
  const ident = `${key}|${place.code ?? (place.region ? nameKey(place.region) : '')}`;
  const same = await ctx.db.selectFrom('units').select(['id', 'name']).where('ident', '=', ident).where('id', '!=', id).executeTakeFirst();
  if (same) return { error: `名录中已有同一地区的「${same.name}」（编号 ${same.id}）`, status: 409 };
  const level = patch.level === undefined ? old.level : patch.level ? clean(patch.level.trim()) || null : null;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('units')
      .set({
        name,
        name_key: key,
        ident,
        aliases: JSON.stringify(aliases),
        region: place.region,
        region_code: place.code,
        level,
        parent_id: parentId,
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
    await bumpUnits(trx);
  });
  const rematched = await rematch(ctx);
  return { unit: (await getUnit(ctx, id))!, rematched };
}

/**
 * Remove a unit from the list. Its reports stay and are matched again (a reviewer's choice of
 * this unit is undone: the unit is gone); its children lose their parent. Null when no such unit.
 */
export async function deleteUnit(ctx: StoreContext, id: number): Promise<{ rematched: number } | null> {
  const found = await ctx.db.transaction().execute(async (trx) => {
    const u = await trx.selectFrom('units').select('id').where('id', '=', id).executeTakeFirst();
    if (!u) return false;
    await trx.updateTable('units').set({ parent_id: null }).where('parent_id', '=', id).execute();
    await trx.updateTable('reports').set({ unit_id: null, match_status: 'unmatched' }).where('unit_id', '=', id).execute();
    await trx.deleteFrom('units').where('id', '=', id).execute();
    await bumpUnits(trx);
    return true;
  });
  return found ? { rematched: await rematch(ctx) } : null;
}

/** One page of the units (words searched in name, aliases and region), in the order of places then pinyin. */
export async function listUnits(
  ctx: StoreContext,
  query: { q?: string | null; region?: string | null; page?: number; pageSize?: number; scope?: AccessScope | null } = {},
): Promise<{ total: number; items: Unit[] }> {
  let q = ctx.db.selectFrom('units');
  const sc = query.scope;
  if (sc?.unitId !== undefined && sc.unitId !== null) q = q.where('units.id', '=', sc.unitId);
  if (sc?.region) {
    const r = sc.region;
    q = q.where((eb) => underRegion(ctx.dialect, eb, 'units.region', r));
  }
  // Through the search index (search.ts), with the agency-type spellings of units/names.ts.
  for (const word of wordsOf(query.q)) q = q.where((eb) => unitHasWord(ctx.dialect, eb, word));
  if (query.region) {
    const r = query.region.replace(/\/+$/, '');
    q = q.where((eb) => underRegion(ctx.dialect, eb, 'units.region', r));
  }
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(query.pageSize ?? 100)));
  const page = Math.max(1, Math.trunc(query.page ?? 1));
  const rows = await q
    .selectAll()
    // Places in the official order of GB/T 2260 codes, units in pinyin order within a place.
    .orderBy('region_code', (ob) => ob.asc().nullsLast())
    .orderBy('region', (ob) => ob.asc().nullsLast())
    .orderBy('name_sort')
    .orderBy('id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(total), items: rows.map(toUnit) };
}

/**
 * Where a unit is, from the region written in its list (or, without one, its name). A region
 * written must be a real division: a typo would create a region of its own in the region filter
 * and keep the unit's reports out of their place.
 */
function unitPlace(name: string, written: string | null): { region: string | null; code: string | null } | { message: string } {
  const region = written ? clean(written.trim()) : null;
  const placed = region ? placeRegion(region) : placeName(name);
  if (region && placed.kind !== 'placed' && !ownRegion(region))
    return {
      message:
        placed.kind === 'ambiguous'
          ? `地区「${region}」有多个同名行政区划（${placed.candidates
              .slice(0, 4)
              .map((d) => d.path)
              .join('、')}），请写出上级，如 ${placed.candidates[0]!.path}`
          : `地区「${region}」不是行政区划名称，请按 省/市/县 填写，如 河南省/南阳市/卧龙区`,
    };
  return placed.kind === 'placed' ? { region: placed.division.path, code: placed.division.code } : { region, code: null };
}
