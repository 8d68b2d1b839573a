/**
 * A unit's request register (依申请公开台账) in the database: the rows the register module
 * (src/register) defines, kept whole per unit. An import replaces the unit's register in one
 * transaction (all or nothing), as the XLSX is the register.
 */
import type { Kysely } from 'kysely';
import { registerRowSchema, type RegisterRow } from '../register/row.js';
import type { Database } from './tables.js';

export class RegisterBook {
  constructor(private readonly db: Kysely<Database>) {}

  /** The unit's rows in their order (by serial). */
  async rows(unitId: number): Promise<RegisterRow[]> {
    const rs = await this.db.selectFrom('register_rows').select('data').where('unit_id', '=', unitId).orderBy('row_key').execute();
    return rs.map((r) => registerRowSchema.parse(JSON.parse(r.data)));
  }

  async count(unitId: number): Promise<number> {
    const r = await this.db
      .selectFrom('register_rows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('unit_id', '=', unitId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Replace the unit's register with these rows (validated again here). */
  async replace(unitId: number, rows: RegisterRow[]): Promise<number> {
    const valid = rows.map((r) => registerRowSchema.parse(r));
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('register_rows').where('unit_id', '=', unitId).execute();
      for (let i = 0; i < valid.length; i += 200) {
        const chunk = valid.slice(i, i + 200);
        await trx
          .insertInto('register_rows')
          .values(chunk.map((r) => ({ unit_id: unitId, row_key: r.id, data: JSON.stringify(r), updated_at: at })))
          .execute();
      }
    });
    return valid.length;
  }
}
