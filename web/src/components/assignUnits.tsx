/**
 * Assigning units to reports, as the review queue and the report list do it: when a choice
 * would replace another report of the same unit and year, the reviewer is asked first (the
 * reports named); after it is done, 撤销 puts every report back to the unit it had.
 */
import type { useAppProps } from 'antd/es/app/context';
import { Button } from 'antd';
import { ROUTES } from '../../../src/server/routes';
import { agencyText } from '../lib/labels';
import { errorOf, type ReportSummary, type UnitConflict } from '../lib/api';

type AppApi = Pick<useAppProps, 'message' | 'modal'>;

/** PUT a unit; a 409 answer (the choice would supersede) comes back as the conflict, not thrown. */
async function putUnit(reportId: number, unitId: number | null, confirm: boolean): Promise<ReportSummary | UnitConflict> {
  const res = await fetch(ROUTES.reportUnit.path(reportId), {
    method: ROUTES.reportUnit.method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ unitId, confirm }),
  });
  if (res.status === 409) return (await res.json()) as UnitConflict;
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as ReportSummary;
}

const isConflict = (x: ReportSummary | UnitConflict): x is UnitConflict => 'conflicts' in x;

/**
 * Assign `unitId` to each report (pairs of report and the unit it has now, for the undo).
 * Resolves to how many were assigned.
 */
export async function assignUnits(app: AppApi, pairs: { report: ReportSummary; unitId: number | null }[], onChange: () => void): Promise<number> {
  const done: { reportId: number; before: number | null }[] = [];
  const ask = (c: UnitConflict): Promise<boolean> =>
    new Promise((resolve) => {
      app.modal.confirm({
        title: '指定后将替换另一份报告',
        content: (
          <div data-testid="assign-conflict">
            <p>{c.error}</p>
            <ul>
              {c.conflicts.map((r) => (
                <li key={r.id}>
                  {agencyText(r)} · {r.year ?? '—'}年度 · {r.fileName}
                </li>
              ))}
            </ul>
          </div>
        ),
        okText: '仍然指定',
        cancelText: '取消',
        okButtonProps: { danger: true, ...({ 'data-testid': 'assign-confirm' } as Record<`data-${string}`, string>) },
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
  for (const { report, unitId } of pairs) {
    try {
      let res = await putUnit(report.id, unitId, false);
      if (isConflict(res)) {
        if (!(await ask(res))) continue;
        res = await putUnit(report.id, unitId, true);
      }
      if (!isConflict(res)) done.push({ reportId: report.id, before: report.unitId });
    } catch (e) {
      app.message.error(`报告 #${report.id}：${e instanceof Error ? e.message : String(e)}`);
    }
  }
  onChange();
  if (!done.length) return 0;
  const undo = async (): Promise<void> => {
    app.message.destroy('assign');
    for (const d of done) {
      try {
        await putUnit(d.reportId, d.before, true);
      } catch (e) {
        app.message.error(`撤销失败（报告 #${d.reportId}）：${e instanceof Error ? e.message : String(e)}`);
      }
    }
    app.message.success('已撤销');
    onChange();
  };
  app.message.success({
    key: 'assign',
    duration: 10,
    content: (
      <span>
        已为 {done.length} 份报告指定单位{' '}
        <Button size="small" type="link" data-testid="assign-undo" onClick={() => void undo()}>
          撤销
        </Button>
      </span>
    ),
  });
  return done.length;
}
