/** Figures of the compare and analyse pages: an indicator value linked to its cells, a change, an indicator's name with its formula id. */
import { Tag, Tooltip, Typography } from 'antd';
import type { IndicatorDefinition, IndicatorFigureValue, IndicatorValue } from '../lib/api';
import { cellsOfYear, indicatorText, nullReasonText, openFigure, reportAt, trend } from '../lib/analysis';

/**
 * One indicator value: the figure (or 「—」 with the reason), a link to the report at its cells —
 * for a value of a region's answer, which comes without cells, they are asked for on the click.
 */
export function IndicatorFigure({
  def,
  v,
  reportId,
  year,
}: {
  def: IndicatorDefinition | undefined;
  v: IndicatorValue | IndicatorFigureValue;
  reportId: number;
  year: number | null;
}) {
  const onDemand = !('cells' in v);
  const cells = 'cells' in v ? cellsOfYear(v, year) : [];
  const text = indicatorText(def, v);
  const tip = (
    <div className="small">
      <div>
        公式编号 <code>{v.id}</code>：{def?.formula}
      </div>
      {v.value === null && <div>无法计算：{v.reason === 'absent' ? `缺少 ${(v.missing ?? []).join('、')}` : nullReasonText(v)}</div>}
      {v.numerator !== null && v.denominator !== null && (
        <div>
          分子 {v.numerator}，分母 {v.denominator}
        </div>
      )}
      {cells.length > 0 && <div>点击查看报告中的 {cells.length} 个单元格</div>}
      {onDemand && v.value !== null && <div>点击查看报告中所用的单元格</div>}
    </div>
  );
  return (
    <Tooltip title={tip}>
      {v.value === null ? (
        <Typography.Text type="secondary" data-testid="indicator-value" data-id={v.id} data-null={v.reason ?? 'absent'}>
          —<span className="small">（{nullReasonText(v)}）</span>
        </Typography.Text>
      ) : (
        <a
          href={reportAt(reportId, cells)}
          data-testid="indicator-value"
          data-id={v.id}
          data-value={v.value}
          onClick={
            onDemand
              ? (e) => {
                  e.preventDefault();
                  void openFigure(reportId, v.id, year);
                }
              : undefined
          }
        >
          {text}
        </a>
      )}
    </Tooltip>
  );
}

export function Delta({ d, text, testId }: { d: number | null | undefined; text: string; testId?: string }) {
  const t = trend(d);
  if (t === 'none') return null;
  return (
    <span className={`delta delta-${t}`} data-testid={testId} data-delta={d ?? ''}>
      {text}
    </span>
  );
}

export function IndicatorName({ def, id }: { def: IndicatorDefinition | undefined; id: string }) {
  return (
    <span>
      {def?.name ?? id}{' '}
      <Typography.Text type="secondary" className="small">
        （{def?.variant}）
      </Typography.Text>{' '}
      <Tooltip title={def?.formula}>
        <Tag className="formula-id">{id}</Tag>
      </Tooltip>
    </span>
  );
}
