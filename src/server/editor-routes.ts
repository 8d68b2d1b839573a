/**
 * The report editor over the HTTP API (issue 12): a unit's report of a year opened from last
 * year's stored report and the request register, checked by every rule (the same check library
 * and messages the reviewer's view runs, with last year's report for the cross-year rules),
 * saved as a draft, submitted, returned with the problem list DOCX and the reviewer's comment,
 * resubmitted, approved, published; the history kept; the report written out as DOCX, HTML,
 * Markdown or PDF.
 *
 * Access: a 填报单位 sees and writes only its own unit's reports; a reviewer sees the units of
 * their region, returns and approves; the administrator all. A unit outside scope answers 404.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { checkReport } from '../check/index.js';
import { blocking, findingKey, prefill, tablesOf, withEdits, wordingOf, type SectionTexts } from '../editor/record.js';
import type { Finding, Report } from '../model/report.js';
import { SECTIONS } from '../model/templates.js';
import { aggregateYear } from '../register/index.js';
import { problemListDocx, problemListFileName } from '../render/problems-docx.js';
import { renderReport, reportFileName, type ReportFormat } from '../render/report.js';
import { findingPlace } from '../render/words.js';
import { DRAFT_STATUS_NAME, DRAFT_STATUSES, DraftBook, MoveError, type Draft, type DraftStatus } from '../store/drafts.js';
import type { Store } from '../store/index.js';
import { RegisterBook } from '../store/register.js';
import { canSeeUnit, clientIp, mayReview, scopeOf, type AuthEnv } from './auth.js';
import { EDITOR_ROUTES } from './editor-paths.js';

const asciiName = (name: string): string => name.replace(/[^\w.-]+/g, '_').slice(-100) || 'file';
const attachment = (name: string): string => `attachment; filename="${asciiName(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;

const table = z.record(z.string(), z.record(z.string(), z.number().finite().nullable()));
const sectionKeys = SECTIONS.map((s) => s.key) as [string, ...string[]];
const content = z.object({
  tables: z.object({ t2: table, t3: table, t4: table }),
  sections: z.partialRecord(z.enum(sectionKeys), z.string().max(100_000)).default({}),
  explanations: z.record(z.string(), z.string().max(5_000)).default({}),
  /** `updatedAt` of the draft as the editor opened it (null: not saved yet); absent: no check. */
  baseUpdatedAt: z.string().max(40).nullable().optional(),
});
type Content = z.infer<typeof content>;

/** Last year's 现行有效 of 规章 and 规范性文件, when both years use the 2021 table 二. */
function inForceOf(previous: Report | null, record: Report): Record<string, number> {
  const out: Record<string, number> = {};
  if (!previous?.tables.t2 || (previous.layout.t2 ?? previous.template) !== '2021' || (record.layout.t2 ?? record.template) !== '2021') return out;
  for (const row of ['regulations', 'normativeDocuments']) {
    const v = previous.tables.t2[row]?.['inForce'];
    if (typeof v === 'number') out[row] = v;
  }
  return out;
}

/** A finding as the editor shows it: with its key (for explanations) and its place in words. */
export type EditorFinding = Finding & { key: string; place: string };

export function registerEditorRoutes(app: Hono<AuthEnv>, opts: { store: Store }): void {
  const { store } = opts;
  const drafts = new DraftBook(store.db);
  const register = new RegisterBook(store.db);

  const unitOf = async (c: Context<AuthEnv>) => {
    const id = Number(c.req.param('id'));
    const unit = Number.isSafeInteger(id) ? await store.getUnit(id) : null;
    return unit && canSeeUnit(c.get('user'), unit) ? unit : null;
  };
  const actor = (c: Context<AuthEnv>) => ({ name: c.get('user').name, role: c.get('user').role });
  const audit = (c: Context<AuthEnv>, action: string, target: string, detail: string | null) =>
    store.accounts.audit({ user: c.get('user').name, role: c.get('user').role, action, target, detail, ip: clientIp(c) });
  /** The unit writes its report (or the administrator); a reviewer reviews it. */
  const mayWrite = (c: Context<AuthEnv>) => c.get('user').role === 'unit' || c.get('user').role === 'admin';

  /** Last year's stored report of the unit (the current version), for the prefill and the cross-year rules. */
  const previousOf = async (unitId: number, year: number): Promise<Report | null> => {
    const list = await store.listReports({ unitId, year: year - 1, pageSize: 1 });
    const first = list.items[0];
    if (first) return (await store.getReport(first.id))?.record ?? null;
    // A report written here and published last year counts too.
    const d = await drafts.get(unitId, year - 1);
    return d && (d.status === 'approved' || d.status === 'published') ? d.record : null;
  };

  // The wording rules read the sections' text (wordingOf); the tables' rules the record.
  const check = (record: Report, previous: Report | null, sections: SectionTexts): EditorFinding[] =>
    checkReport(record, { previous, source: wordingOf(sections) }).map((f) => ({ ...f, key: findingKey(f), place: findingPlace(f, record) }));

  /** The draft, or the prefilled report when none is saved. */
  const opened = async (unit: { id: number; name: string }, year: number) => {
    const previous = await previousOf(unit.id, year);
    const draft = await drafts.get(unit.id, year);
    let record: Report;
    let sections: SectionTexts;
    let notes: string[] = [];
    if (draft) {
      record = draft.record;
      sections = draft.sections;
    } else {
      const rows = await register.rows(unit.id);
      const p = prefill({ unitName: unit.name, year, previous, register: rows.length ? aggregateYear(rows, year) : null });
      record = p.record;
      sections = p.sections;
      notes = p.notes;
    }
    return { draft, record, sections, previous, notes };
  };

  const view = async (unit: { id: number; name: string }, year: number, c: Context<AuthEnv>) => {
    const o = await opened(unit, year);
    const findings = check(o.record, o.previous, o.sections);
    return {
      unit: { id: unit.id, name: unit.name },
      year,
      status: (o.draft?.status ?? 'draft') as DraftStatus,
      statusName: DRAFT_STATUS_NAME[o.draft?.status ?? 'draft'],
      saved: !!o.draft,
      /** The saved version the editor works on: sent back as `baseUpdatedAt` with a save. */
      updatedAt: o.draft?.updatedAt ?? null,
      publishedAt: o.draft?.publishedAt ?? null,
      /** The stored report of the unit and year (the published one joins the list). */
      storedReportId: o.draft?.status === 'published' ? ((await store.listReports({ unitId: unit.id, year, pageSize: 1 })).items[0]?.id ?? null) : null,
      previousYear: o.previous ? (o.previous.year ?? year - 1) : null,
      // 表二 现行有效 of last year (2021 format), from which this year's rolls: + 制发 − 废止.
      inForceBefore: inForceOf(o.previous, o.record),
      notes: o.notes,
      template: o.record.template,
      layout: o.record.layout,
      tables: tablesOf(o.record),
      sections: o.sections,
      explanations: o.draft?.explanations ?? {},
      findings,
      history: o.draft ? await drafts.history(o.draft.id) : [],
      may: {
        write: mayWrite(c) && (!o.draft || o.draft.status === 'draft' || o.draft.status === 'returned'),
        review: mayReview(c.get('user')) && o.draft?.status === 'submitted',
        publish: o.draft?.status === 'approved',
      },
    };
  };

  const yearOf = (c: Context<AuthEnv>): number => Number(c.req.param('year'));

  /** Save the content: the record rebuilt from the tables and sections, checked, counted. */
  const save = async (
    c: Context<AuthEnv>,
    unit: { id: number; name: string },
    year: number,
    body: Content,
    event = true,
  ): Promise<{ draft: Draft; findings: EditorFinding[] }> => {
    const o = await opened(unit, year);
    const record = withEdits(o.record, body.tables, body.sections as SectionTexts);
    const findings = check(record, o.previous, body.sections as SectionTexts);
    const draft = await drafts.save(
      unit.id,
      year,
      {
        record,
        sections: body.sections as SectionTexts,
        // Explanations of findings that are gone (fixed) are not kept.
        explanations: Object.fromEntries(Object.entries(body.explanations).filter(([k, v]) => v.trim() && findings.some((f) => f.key === k))),
        errors: findings.filter((f) => f.severity === 'error').length,
        warnings: findings.filter((f) => f.severity === 'warning').length,
      },
      actor(c),
      { ...(body.baseUpdatedAt !== undefined ? { base: body.baseUpdatedAt } : {}), event },
    );
    return { draft, findings };
  };

  const failure = (c: Context<AuthEnv>, e: unknown) => {
    if (e instanceof MoveError) return c.json({ error: e.message }, 409);
    throw e;
  };

  // A year the statutory reports have (the regulation of 2008 on): anything else is refused.
  const yearGuard = async (c: Context<AuthEnv>, next: () => Promise<void>) => {
    const y = Number(c.req.param('year'));
    if (!(y >= 2008 && y <= 2100)) return c.json({ error: `年度「${c.req.param('year')}」不对（2008–2100）` }, 400);
    return next();
  };
  app.use(EDITOR_ROUTES.open.pattern, yearGuard);
  app.use(`${EDITOR_ROUTES.open.pattern}/*`, yearGuard);

  app.get(EDITOR_ROUTES.queue.pattern, async (c) => {
    const asked = (c.req.query('status') ?? '').split(',').filter((s): s is DraftStatus => (DRAFT_STATUSES as readonly string[]).includes(s));
    const scope = scopeOf(c.get('user'));
    const items = await drafts.list({
      status: asked.length ? asked : null,
      unitId: scope && 'unitId' in scope ? scope.unitId : null,
      region: scope && 'region' in scope ? scope.region : null,
    });
    return c.json({ items: items.map((d) => ({ ...d, statusName: DRAFT_STATUS_NAME[d.status] })) });
  });

  app.get(EDITOR_ROUTES.open.pattern, async (c) => {
    const unit = await unitOf(c);
    if (!unit) return c.json({ error: '没有这个单位' }, 404);
    return c.json(await view(unit, yearOf(c), c));
  });

  app.post(EDITOR_ROUTES.check.pattern, async (c) => {
    const unit = await unitOf(c);
    if (!unit) return c.json({ error: '没有这个单位' }, 404);
    const body = content.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '请求格式不对：需要 {tables: {t2, t3, t4}, sections}' }, 400);
    const o = await opened(unit, yearOf(c));
    return c.json({
      findings: check(withEdits(o.record, body.data.tables, body.data.sections as SectionTexts), o.previous, body.data.sections as SectionTexts),
    });
  });

  app.put(EDITOR_ROUTES.save.pattern, async (c) => {
    const unit = await unitOf(c);
    if (!unit) return c.json({ error: '没有这个单位' }, 404);
    if (!mayWrite(c)) return c.json({ error: '报告由填报单位填写，审核人员不能修改' }, 403);
    const body = content.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '请求格式不对：需要 {tables: {t2, t3, t4}, sections, explanations}' }, 400);
    try {
      await save(c, unit, yearOf(c), body.data);
    } catch (e) {
      return failure(c, e);
    }
    await audit(c, 'editor.save', `单位 #${unit.id} ${yearOf(c)}年度`, null);
    return c.json(await view(unit, yearOf(c), c));
  });

  app.post(EDITOR_ROUTES.submit.pattern, async (c) => {
    const unit = await unitOf(c);
    if (!unit) return c.json({ error: '没有这个单位' }, 404);
    if (!mayWrite(c)) return c.json({ error: '报告由填报单位提交' }, 403);
    const body = content.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: '请求格式不对：需要 {tables: {t2, t3, t4}, sections, explanations}' }, 400);
    const year = yearOf(c);
    try {
      const { draft, findings } = await save(c, unit, year, body.data, false);
      const open = blocking(findings, draft.explanations);
      if (open.length)
        return c.json(
          {
            error: `还有${open.length}个错误未改正也未说明，不能提交：${open
              .slice(0, 3)
              .map((f) => f.message)
              .join('；')}${open.length > 3 ? '……' : ''}`,
            blocking: open.map((f) => findingKey(f)),
            // The content was saved all the same: the version the editor now works on.
            updatedAt: draft.updatedAt,
          },
          422,
        );
      const explained = findings.filter((f) => f.severity === 'error').length;
      await drafts.move(draft.id, 'submit', actor(c), { comment: explained ? `${explained}个错误已附说明` : null });
    } catch (e) {
      return failure(c, e);
    }
    await audit(c, 'editor.submit', `单位 #${unit.id} ${year}年度`, null);
    return c.json(await view(unit, year, c));
  });

  const review = z.object({ comment: z.string().max(5_000).default('') });

  app.post(EDITOR_ROUTES.return.pattern, async (c) => {
    const unit = await unitOf(c);
    if (!unit) return c.json({ error: '没有这个单位' }, 404);
    if (!mayReview(c.get('user'))) return c.json({ error: '只有审核人员可以退回报告' }, 403);
    const body = review.safeParse(await c.req.json().catch(() => ({})));
    if (!body.success || !body.data.comment.trim()) return c.json({ error: '退回时请写明审核意见' }, 400);
    const year = yearOf(c);
    const draft = await drafts.get(unit.id, year);
    if (!draft) return c.json({ error: '这个单位还没有填写该年度的报告' }, 404);
    const previous = await previousOf(unit.id, year);
    const findings = checkReport(draft.record, { previous, source: wordingOf(draft.sections) });
    // The problem list: the reviewer's comment first, then every finding with the unit's explanation.
    const items = [
      { rule: '审核意见', severity: 'error' as const, message: `审核意见：${body.data.comment.trim()}` },
      ...findings.map((f) => {
        const why = draft.explanations[findingKey(f)];
        return why ? { ...f, message: `${f.message}（单位说明：${why}）` } : f;
      }),
    ];
    const bytes = await problemListDocx({ reports: [{ report: draft.record, fileName: reportFileName(draft.record, 'docx'), findings: items }] });
    try {
      await drafts.move(draft.id, 'return', actor(c), { comment: body.data.comment, attachment: { name: problemListFileName(unit.name, year), bytes } });
    } catch (e) {
      return failure(c, e);
    }
    await audit(c, 'editor.return', `单位 #${unit.id} ${year}年度`, body.data.comment.slice(0, 200));
    return c.json(await view(unit, year, c));
  });

  app.post(EDITOR_ROUTES.approve.pattern, async (c) => {
    const unit = await unitOf(c);
    if (!unit) return c.json({ error: '没有这个单位' }, 404);
    if (!mayReview(c.get('user'))) return c.json({ error: '只有审核人员可以审核通过' }, 403);
    const body = review.safeParse(await c.req.json().catch(() => ({})));
    const year = yearOf(c);
    const draft = await drafts.get(unit.id, year);
    if (!draft) return c.json({ error: '这个单位还没有填写该年度的报告' }, 404);
    try {
      await drafts.move(draft.id, 'approve', actor(c), { comment: body.success ? body.data.comment : null });
    } catch (e) {
      return failure(c, e);
    }
    await audit(c, 'editor.approve', `单位 #${unit.id} ${year}年度`, null);
    return c.json(await view(unit, year, c));
  });

  app.post(EDITOR_ROUTES.publish.pattern, async (c) => {
    const unit = await unitOf(c);
    if (!unit) return c.json({ error: '没有这个单位' }, 404);
    const body = z
      .object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), comment: z.string().max(5_000).optional() })
      .safeParse(await c.req.json().catch(() => ({})));
    if (!body.success) return c.json({ error: '请用 {date: "2025-01-20"} 写明发布日期' }, 400);
    const year = yearOf(c);
    const draft = await drafts.get(unit.id, year);
    if (!draft) return c.json({ error: '这个单位还没有填写该年度的报告' }, 404);
    let published: Draft;
    try {
      published = await drafts.move(draft.id, 'publish', actor(c), { comment: body.data.comment ?? `发布日期 ${body.data.date}`, publishedAt: body.data.date });
    } catch (e) {
      return failure(c, e);
    }
    // The published report joins the stored reports (the list, coverage, analysis, next year's
    // prefill), as the DOCX the unit publishes, assigned to its unit.
    const record = { ...published.record, publication: { ...published.record.publication, date: body.data.date } };
    const docx = await renderReport(record, 'docx', { sections: published.sections });
    if (docx.ok) {
      const stored = await store.ingestFile({ bytes: docx.bytes, fileName: reportFileName(record, 'docx') });
      if (stored.id !== null) {
        const s = await store.summary(stored.id);
        if (s && s.unitId !== unit.id) await store.setReportUnit(stored.id, unit.id);
      }
    }
    await audit(c, 'editor.publish', `单位 #${unit.id} ${year}年度`, body.data.date);
    return c.json(await view(unit, year, c));
  });

  app.get(EDITOR_ROUTES.render.pattern, async (c) => {
    const unit = await unitOf(c);
    if (!unit) return c.json({ error: '没有这个单位' }, 404);
    const year = yearOf(c);
    const o = await opened(unit, year);
    const format = c.req.param('format') as ReportFormat;
    const record = o.draft?.publishedAt ? { ...o.record, publication: { ...o.record.publication, date: o.draft.publishedAt } } : o.record;
    const r = await renderReport(record, format, { sections: o.sections });
    if (!r.ok) return c.json({ error: r.message }, format === 'pdf' ? 503 : 400);
    await audit(c, 'editor.render', `单位 #${unit.id} ${year}年度`, format);
    c.header('Content-Type', r.mime);
    c.header('Content-Disposition', attachment(reportFileName(record, r.ext)));
    return c.body(r.bytes as Uint8Array<ArrayBuffer>);
  });

  app.get(EDITOR_ROUTES.attachment.pattern, async (c) => {
    const unit = await unitOf(c);
    if (!unit) return c.json({ error: '没有这个单位' }, 404);
    const draft = await drafts.get(unit.id, yearOf(c));
    const a = draft ? await drafts.attachment(draft.id, Number(c.req.param('event'))) : null;
    if (!a) return c.json({ error: '没有这个附件' }, 404);
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    c.header('Content-Disposition', attachment(a.name));
    return c.body(a.bytes as Uint8Array<ArrayBuffer>);
  });
}
