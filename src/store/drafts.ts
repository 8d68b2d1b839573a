/**
 * Reports written in the editor (issue 12): one per unit and year, with its status and history.
 * Statuses 草稿 → 已提交 → 退回 → 已提交 → 已通过 → 已发布; every change is an event (who, when,
 * from what to what, the comment, and for a return the problem list DOCX). Which moves are
 * allowed is decided here (`move`); who may make them is the HTTP layer's (editor-routes.ts).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Report } from '../model/report.js';
import type { SectionKey } from '../model/templates.js';
import type { Database, ReportDraftsTable } from './tables.js';

export const DRAFT_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'published'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];
export const DRAFT_STATUS_NAME: Record<DraftStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '退回',
  approved: '已通过',
  published: '已发布',
};

export type DraftAction = 'create' | 'save' | 'submit' | 'return' | 'approve' | 'publish';
export const DRAFT_ACTION_NAME: Record<DraftAction, string> = {
  create: '创建草稿',
  save: '保存草稿',
  submit: '提交',
  return: '退回',
  approve: '审核通过',
  publish: '发布',
};

/** From which statuses each action may be taken, and the status it leads to. */
export const MOVES: Record<Exclude<DraftAction, 'create'>, { from: DraftStatus[]; to: DraftStatus | null }> = {
  save: { from: ['draft', 'returned'], to: null },
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  approve: { from: ['submitted'], to: 'approved' },
  publish: { from: ['approved'], to: 'published' },
};

export type Sections = Partial<Record<SectionKey, string>>;

export interface Draft {
  id: number;
  unitId: number;
  year: number;
  status: DraftStatus;
  record: Report;
  sections: Sections;
  explanations: Record<string, string>;
  errors: number;
  warnings: number;
  submittedAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DraftEvent {
  id: number;
  at: string;
  user: string;
  role: string;
  action: DraftAction;
  from: DraftStatus | null;
  to: DraftStatus;
  comment: string | null;
  /** File name of the attached problem list, when the event has one. */
  attachment: string | null;
}

export interface DraftSummary {
  id: number;
  unitId: number;
  unitName: string;
  region: string | null;
  year: number;
  status: DraftStatus;
  errors: number;
  warnings: number;
  submittedAt: string | null;
  publishedAt: string | null;
  updatedAt: string;
}

export interface Actor {
  name: string;
  role: string;
}

type Row = Selectable<ReportDraftsTable>;

const toDraft = (r: Row): Draft => ({
  id: r.id,
  unitId: r.unit_id,
  year: r.year,
  status: r.status as DraftStatus,
  record: JSON.parse(r.record) as Report,
  sections: JSON.parse(r.sections) as Sections,
  explanations: JSON.parse(r.explanations) as Record<string, string>,
  errors: Number(r.errors),
  warnings: Number(r.warnings),
  submittedAt: r.submitted_at,
  publishedAt: r.published_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class MoveError extends Error {}

/** The draft was saved by someone else since it was opened (`baseUpdatedAt` no longer current). */
export class ConflictError extends MoveError {}

export class DraftBook {
  constructor(private readonly db: Kysely<Database>) {}

  async get(unitId: number, year: number): Promise<Draft | null> {
    const r = await this.db.selectFrom('report_drafts').selectAll().where('unit_id', '=', unitId).where('year', '=', year).executeTakeFirst();
    return r ? toDraft(r as Row) : null;
  }

  async byId(id: number): Promise<Draft | null> {
    const r = await this.db.selectFrom('report_drafts').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toDraft(r as Row) : null;
  }

  /**
   * Create (status 草稿) or save the draft's content; refused once submitted and not returned.
   * `base`: the `updatedAt` of the draft as the writer opened it (null: opened before it existed);
   * when the draft has been saved since (by someone else, in another tab), the save is refused
   * with a ConflictError and nothing is written — never one writer's edits silently over another's.
   * Each save is kept in the history (who, when), unless `event` is false (a save that is part of
   * submitting, whose own event says so).
   */
  async save(
    unitId: number,
    year: number,
    content: { record: Report; sections: Sections; explanations: Record<string, string>; errors: number; warnings: number },
    by: Actor,
    opts: { base?: string | null; event?: boolean } = {},
  ): Promise<Draft> {
    const had = await this.get(unitId, year);
    // Strictly later than the version it replaces (two saves in one millisecond stay apart).
    let at = new Date().toISOString();
    if (had && at <= had.updatedAt) at = new Date(Date.parse(had.updatedAt) + 1).toISOString();
    const conflict = (d: Draft): ConflictError =>
      new ConflictError(
        `这份报告在你打开后已被他人保存（${d.updatedAt.slice(0, 19).replace('T', ' ')} UTC），为免覆盖，本次修改未保存：请先复制你的修改，刷新页面后再改`,
      );
    if (opts.base !== undefined) {
      if (had && had.updatedAt !== opts.base) throw conflict(had);
      if (!had && opts.base !== null) throw new ConflictError('这份报告已不存在（可能已被删除），本次修改未保存：请刷新页面');
    }
    const values = {
      record: JSON.stringify(content.record),
      sections: JSON.stringify(content.sections),
      explanations: JSON.stringify(content.explanations),
      errors: content.errors,
      warnings: content.warnings,
      updated_at: at,
    };
    if (!had) {
      const id = await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('report_drafts')
          .values({ unit_id: unitId, year, status: 'draft', submitted_at: null, published_at: null, created_at: at, ...values })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('report_draft_events')
          .values({
            draft_id: row.id,
            at,
            user_name: by.name,
            role: by.role,
            action: 'create',
            from_status: null,
            to_status: 'draft',
            comment: null,
            attachment: null,
            attachment_name: null,
          })
          .execute();
        return row.id;
      });
      return (await this.byId(id))!;
    }
    if (!MOVES.save.from.includes(had.status)) throw new MoveError(`报告${DRAFT_STATUS_NAME[had.status]}，不能再修改`);
    const written = await this.db.transaction().execute(async (trx) => {
      // Only over the version read above: a save that came in between wins, this one is refused.
      const r = await trx
        .updateTable('report_drafts')
        .set(values)
        .where('id', '=', had.id)
        .where('updated_at', '=', had.updatedAt)
        .where('status', 'in', MOVES.save.from)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      if (opts.event !== false)
        await trx
          .insertInto('report_draft_events')
          .values({
            draft_id: had.id,
            at,
            user_name: by.name,
            role: by.role,
            action: 'save',
            from_status: had.status,
            to_status: had.status,
            comment: null,
            attachment: null,
            attachment_name: null,
          })
          .execute();
      return true;
    });
    if (!written) {
      const now = await this.byId(had.id);
      if (now && !MOVES.save.from.includes(now.status)) throw new MoveError(`报告${DRAFT_STATUS_NAME[now.status]}，不能再修改`);
      throw conflict(now ?? had);
    }
    return (await this.byId(had.id))!;
  }

  /** Take an action on the draft: the status moves as MOVES says, and the event is kept. */
  async move(
    id: number,
    action: Exclude<DraftAction, 'create' | 'save'>,
    by: Actor,
    opts: { comment?: string | null; attachment?: { name: string; bytes: Uint8Array } | null; publishedAt?: string | null } = {},
  ): Promise<Draft> {
    const had = await this.byId(id);
    if (!had) throw new MoveError('没有这份报告');
    const move = MOVES[action];
    if (!move.from.includes(had.status))
      throw new MoveError(
        `报告现在是「${DRAFT_STATUS_NAME[had.status]}」，不能${DRAFT_ACTION_NAME[action]}（只有${move.from.map((s) => `「${DRAFT_STATUS_NAME[s]}」`).join('或')}的报告可以）`,
      );
    const to = move.to!;
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('report_drafts')
        .set({
          status: to,
          updated_at: at,
          ...(action === 'submit' ? { submitted_at: at } : {}),
          ...(action === 'publish' ? { published_at: opts.publishedAt ?? at.slice(0, 10) } : {}),
        })
        .where('id', '=', id)
        .execute();
      await trx
        .insertInto('report_draft_events')
        .values({
          draft_id: id,
          at,
          user_name: by.name,
          role: by.role,
          action,
          from_status: had.status,
          to_status: to,
          comment: opts.comment?.trim() || null,
          attachment: opts.attachment ? Buffer.from(opts.attachment.bytes) : null,
          attachment_name: opts.attachment?.name ?? null,
        })
        .execute();
    });
    return (await this.byId(id))!;
  }

  /** The draft's history, oldest first. */
  async history(id: number): Promise<DraftEvent[]> {
    const rs = await this.db
      .selectFrom('report_draft_events')
      .select(['id', 'at', 'user_name', 'role', 'action', 'from_status', 'to_status', 'comment', 'attachment_name'])
      .where('draft_id', '=', id)
      .orderBy('id')
      .execute();
    return rs.map((r) => ({
      id: r.id,
      at: r.at,
      user: r.user_name,
      role: r.role,
      action: r.action as DraftAction,
      from: r.from_status as DraftStatus | null,
      to: r.to_status as DraftStatus,
      comment: r.comment,
      attachment: r.attachment_name,
    }));
  }

  /** The attachment of one event of a draft. */
  async attachment(draftId: number, eventId: number): Promise<{ name: string; bytes: Uint8Array } | null> {
    const r = await this.db
      .selectFrom('report_draft_events')
      .select(['attachment', 'attachment_name'])
      .where('draft_id', '=', draftId)
      .where('id', '=', eventId)
      .executeTakeFirst();
    return r?.attachment && r.attachment_name ? { name: r.attachment_name, bytes: new Uint8Array(r.attachment) } : null;
  }

  /** Drafts with their unit, newest change first; `status` and the units a user may see narrow it. */
  async list(opts: { status?: DraftStatus[] | null; unitId?: number | null; region?: string | null; limit?: number } = {}): Promise<DraftSummary[]> {
    let q = this.db
      .selectFrom('report_drafts as d')
      .innerJoin('units as u', 'u.id', 'd.unit_id')
      .select(['d.id', 'd.unit_id', 'u.name', 'u.region', 'd.year', 'd.status', 'd.errors', 'd.warnings', 'd.submitted_at', 'd.published_at', 'd.updated_at']);
    if (opts.status?.length) q = q.where('d.status', 'in', opts.status);
    if (opts.unitId !== undefined && opts.unitId !== null) q = q.where('d.unit_id', '=', opts.unitId);
    if (opts.region) {
      const region = opts.region;
      q = q.where((eb) => eb.or([eb('u.region', '=', region), eb('u.region', 'like', `${region.replace(/[%_\\]/g, '')}/%`)]));
    }
    const rs = await q
      .orderBy('d.updated_at', 'desc')
      .limit(opts.limit ?? 500)
      .execute();
    return rs.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      unitName: r.name,
      region: r.region,
      year: r.year,
      status: r.status as DraftStatus,
      errors: Number(r.errors),
      warnings: Number(r.warnings),
      submittedAt: r.submitted_at,
      publishedAt: r.published_at,
      updatedAt: r.updated_at,
    }));
  }
}
