/** How much the store holds: reports (all versions and current), files, units; and which database. */
import type { StoreContext } from './context.js';
import type { Stats } from './types.js';

export async function stats(ctx: StoreContext): Promise<Stats> {
  const n = (r: { n: number | string | bigint }): number => Number(r.n);
  const reports = n(
    await ctx.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  );
  const current = n(
    await ctx.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('superseded_by', 'is', null)
      .executeTakeFirstOrThrow(),
  );
  const files = n(
    await ctx.db
      .selectFrom('files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  );
  const units = n(
    await ctx.db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  );
  return { db: ctx.dialect, reports, current, files, units };
}
