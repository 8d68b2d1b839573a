/**
 * A unit's request register (依申请公开台账) over the HTTP API: the rows with each one's deadline
 * and flags, the import of the register's XLSX (all or nothing: a bad row rejects the file with
 * its row number and reason), its export, the empty template, and tables 三 and 四 and the fee
 * facts of a year computed from the register and checked by the report rules.
 *
 * Access: a 填报单位 keeps its own register; a reviewer sees and may import the registers of the
 * units in their region; the administrator all. A unit outside the user's scope answers 404.
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { checkReport, RULES } from '../check/index.js';
import {
  APPLICANT_LABELS,
  CHANNEL_LABELS,
  OUTCOME_LABELS,
  aggregateYear,
  checkRegister,
  draftReport,
  exportRegisterXlsx,
  importRegisterXlsx,
  registerTemplateXlsx,
} from '../register/index.js';
import { MAX_REGISTER_BYTES } from '../register/xlsx.js';
import { t3RowName } from '../model/templates.js';
import type { Store } from '../store/index.js';
import { RegisterBook } from '../store/register.js';
import { canSeeUnit, clientIp, type AuthEnv } from './auth.js';
import { ROUTES } from './routes.js';

const asciiName = (name: string): string => name.replace(/[^\w.-]+/g, '_').slice(-100) || 'file';
const attachment = (name: string): string => `attachment; filename="${asciiName(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function registerRegisterRoutes(app: Hono<AuthEnv>, opts: { store: Store }): void {
  const { store } = opts;
  const book = new RegisterBook(store.db);

  /** The unit of the path when the user may see it. */
  const unitOf = async (c: Context<AuthEnv>) => {
    const id = Number(c.req.param('id'));
    const unit = Number.isSafeInteger(id) ? await store.getUnit(id) : null;
    return unit && canSeeUnit(c.get('user'), unit) ? unit : null;
  };
  const audit = (c: Context<AuthEnv>, action: string, target: string, detail: string | null) =>
    store.accounts.audit({ user: c.get('user').name, role: c.get('user').role, action, target, detail, ip: clientIp(c) });

  app.get(ROUTES.registerTemplate.pattern, async (c) => {
    c.header('Content-Type', XLSX);
    c.header('Content-Disposition', attachment('依申请公开台账-模板.xlsx'));
    return c.body((await registerTemplateXlsx()) as Uint8Array<ArrayBuffer>);
  });

  app.get(ROUTES.register.pattern, async (c) => {
    const unit = await unitOf(c);
    if (!unit) return c.json({ error: '没有这个单位' }, 404);
    const rows = await book.rows(unit.id);
    const asOf = /^\d{4}-\d{2}-\d{2}$/.test(c.req.query('asOf') ?? '') ? c.req.query('asOf')! : new Date().toISOString().slice(0, 10);
    const check = checkRegister(rows, { asOf });
    const byId = new Map(check.deadlines.map((d) => [d.id, d]));
    const years = [...new Set(check.deadlines.map((d) => d.received?.slice(0, 4)).filter((y): y is string => !!y))].map(Number).sort();
    return c.json({
      unit: { id: unit.id, name: unit.name },
      asOf,
      rows: rows.map((r) => {
        const d = byId.get(r.id);
        return {
          row: r,
          labels: {
            applicant: APPLICANT_LABELS[r.applicantType] ?? r.applicantType,
            channel: CHANNEL_LABELS[r.channel] ?? r.channel,
            outcome: r.outcome ? (OUTCOME_LABELS[r.outcome] ?? r.outcome) : null,
          },
          received: d?.received ?? null,
          due: d?.due ?? null,
          status: d?.status ?? 'unknown',
          late: d?.late ?? null,
          overdue: d?.overdue ?? false,
          dueThisWeek: d?.dueThisWeek ?? false,
        };
      }),
      counts: {
        rows: rows.length,
        open: check.deadlines.filter((d) => d.status === 'open' || d.status === 'awaitingCorrection').length,
        overdue: check.deadlines.filter((d) => d.overdue).length,
        dueThisWeek: check.deadlines.filter((d) => d.dueThisWeek).length,
        late: check.deadlines.filter((d) => d.late).length,
      },
      years,
      findings: check.findings.slice(0, 500),
    });
  });

  app.post(
    ROUTES.registerImport.pattern,
    bodyLimit({ maxSize: MAX_REGISTER_BYTES + 64 * 1024, onError: (c) => c.json({ error: `台账文件超过 ${MAX_REGISTER_BYTES / 1048576} MB` }, 413) }),
    async (c) => {
      const unit = await unitOf(c);
      if (!unit) return c.json({ error: '没有这个单位' }, 404);
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const f = body['file'];
      if (!f || typeof f !== 'object' || !('arrayBuffer' in f)) return c.json({ error: '请用字段名 file 上传台账 XLSX' }, 400);
      const r = await importRegisterXlsx(new Uint8Array(await (f as File).arrayBuffer()));
      if (!r.ok) {
        await audit(c, 'register.import.refused', `单位 #${unit.id}`, `${r.rejected.length} 行有误`);
        return c.json({ ok: false, imported: 0, total: r.total, rejected: r.rejected, messages: r.messages.slice(0, 500) });
      }
      const n = await book.replace(unit.id, r.rows);
      await audit(c, 'register.import', `单位 #${unit.id}`, `${n} 条`);
      return c.json({ ok: true, imported: n, total: r.total, rejected: [], messages: r.messages.slice(0, 500) });
    },
  );

  app.get(ROUTES.registerXlsx.pattern, async (c) => {
    const unit = await unitOf(c);
    if (!unit) return c.json({ error: '没有这个单位' }, 404);
    const bytes = await exportRegisterXlsx(await book.rows(unit.id));
    await audit(c, 'export.register', `单位 #${unit.id}`, null);
    c.header('Content-Type', XLSX);
    c.header('Content-Disposition', attachment(`依申请公开台账-${unit.name}.xlsx`));
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  app.get(ROUTES.registerTables.pattern, async (c) => {
    const unit = await unitOf(c);
    if (!unit) return c.json({ error: '没有这个单位' }, 404);
    const year = Number(c.req.query('year'));
    if (!Number.isInteger(year) || year < 2000 || year > 2100) return c.json({ error: '请用 year=2024 指明年度' }, 400);
    const rows = await book.rows(unit.id);
    const y = aggregateYear(rows, year);
    // The tables as a report record would hold them, checked by the same rules a reviewer's check runs.
    const draft = draftReport(y, { agency: unit.name });
    const checked = checkReport(draft, { only: RULES.filter((r) => /^T[34]\./.test(r.meta.id)).map((r) => r.meta.id) });
    return c.json({
      year,
      template: y.template,
      t3: y.t3,
      t4: y.t4,
      infoFee: y.infoFee,
      t3Rows: Object.keys(y.t3).map((key) => ({ key, name: t3RowName(key) })),
      excluded: y.excluded,
      findings: [...y.findings, ...checked.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message }))].slice(0, 500),
    });
  });
}
