/**
 * 单位历年 (#/units/:id): every year of one unit side by side — each cell of 表二/表三/表四 with
 * its change from the year before, every indicator with its formula id, the year-over-year ones —
 * and a line chart of a chosen cell or indicator; a point (or any value) opens that year's report
 * at the cells behind it. What to chart lives in the address (`show=openRate`, `show=t3|granted|total`).
 */
import { ROUTES } from '../../../src/server/routes';
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Empty, Result, Select, Space, Spin, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import type { UnitYears } from '../lib/api';
import { Delta, IndicatorFigure } from '../components/Figures';
import { cellsOfYear, changeText, deltaText, reportAt } from '../lib/analysis';
import { cellKey, type TableId } from '../lib/cells';
import { href, navigate } from '../lib/router';
import { useJson } from '../lib/useJson';

const PickChart = lazy(() => import('../components/PickChart'));

const TABLE_TITLE: Record<TableId, string> = { t2: '表二 主动公开', t3: '表三 依申请公开', t4: '表四 复议诉讼' };
type CellSeries = UnitYears['cells'][number];

export function UnitPage({ id, params }: { id: number; params: URLSearchParams }) {
  const data = useJson<UnitYears>(ROUTES.unitYears.path(id));
  if (data.error)
    return (
      <Result
        status={/不存在|没有/.test(data.error) ? '404' : 'error'}
        title="无法打开这个单位"
        subTitle={data.error}
        extra={<Button href={href('/units')}>回到单位名录</Button>}
      />
    );
  if (!data.data)
    return (
      <div className="page-loading">
        <Spin size="large" />
      </div>
    );
  return <UnitView d={data.data} params={params} />;
}

function UnitView({ d, params }: { d: UnitYears; params: URLSearchParams }) {
  const defs = useMemo(() => new Map(d.definitions.map((x) => [x.id, x])), [d.definitions]);
  const [onlyChanged, setOnlyChanged] = useState(false);
  const [tab, setTab] = useState<TableId>('t3');
  const show = params.get('show') ?? 'openRate';
  const setShow = (v: string): void => {
    const q = new URLSearchParams(params);
    q.set('show', v);
    navigate(`/units/${d.unit.id}`, q, true);
  };
  const n = d.years.length;

  // The chosen series for the chart: an indicator (formula id) or a cell (t3|granted|total).
  const chosen = useMemo(() => {
    const ind = d.indicators.find((i) => i.id === show) ?? d.yearOverYear.find((i) => i.id === show);
    if (ind) {
      const def = defs.get(ind.id);
      return {
        name: def ? `${def.name}（${def.variant}）` : ind.id,
        unit: def?.unit ?? '',
        values: ind.values.map((v) => v.value),
        cellsAt: (i: number) => cellsOfYear(ind.values[i]!, d.years[i]!),
        formula: def ? `公式编号 ${def.id}：${def.formula}` : ind.id,
      };
    }
    const c = d.cells.find((x) => cellKey(x) === show);
    if (c)
      return {
        name: c.name,
        unit: '',
        values: c.values,
        cellsAt: () => [{ table: c.table, row: c.row, col: c.col }],
        formula: `单元格 ${c.table}:${c.row}|${c.col}`,
      };
    return null;
  }, [show, d, defs]);

  const options = useMemo(
    () => [
      { label: '指标', options: d.indicators.map((i) => ({ value: i.id, label: `${defs.get(i.id)?.name ?? i.id}（${defs.get(i.id)?.variant ?? ''}）` })) },
      { label: '同比', options: d.yearOverYear.map((i) => ({ value: i.id, label: defs.get(i.id)?.name ?? i.id })) },
      ...(['t3', 't4', 't2'] as const).map((t) => ({
        label: TABLE_TITLE[t],
        options: d.cells.filter((c) => c.table === t).map((c) => ({ value: cellKey(c), label: c.name })),
      })),
    ],
    [d, defs],
  );

  const yearCols = <T,>(cell: (row: T, i: number) => ReactNode): TableColumnsType<T> =>
    d.years.map((y, i) => ({
      title: (
        <a href={reportAt(d.reports[i]!.id)} data-testid="unit-year" data-year={y}>
          {y}年度
        </a>
      ),
      key: `y${y}`,
      width: 140,
      align: 'right' as const,
      render: (_: unknown, row: T) => cell(row, i),
    }));

  const cellColumns: TableColumnsType<CellSeries> = [
    { title: '单元格', key: 'name', render: (_, c) => <span className="small">{c.name}</span> },
    ...yearCols<CellSeries>((c, i) => {
      const v = c.values[i];
      const at = d.reports[i]!.id;
      return (
        <span className="series-value">
          {v === null || v === undefined ? (
            <Typography.Text type="secondary" data-testid="unit-value" data-year={d.years[i]} data-cell={cellKey(c)} data-null="true">
              —
            </Typography.Text>
          ) : (
            <a href={reportAt(at, [c])} data-testid="unit-value" data-year={d.years[i]} data-cell={cellKey(c)}>
              {v}
            </a>
          )}
          <Delta d={c.deltas[i]} text={deltaText(c.deltas[i])} testId="unit-delta" />
        </span>
      );
    }),
  ];

  const indicatorColumns: TableColumnsType<UnitYears['indicators'][number]> = [
    {
      title: '指标（口径）',
      key: 'name',
      render: (_, r) => {
        const def = defs.get(r.id);
        return (
          <span>
            {def?.name}{' '}
            <Typography.Text type="secondary" className="small">
              （{def?.variant}）
            </Typography.Text>{' '}
            <Tooltip title={def?.formula}>
              <Tag className="formula-id">{r.id}</Tag>
            </Tooltip>
          </span>
        );
      },
    },
    ...yearCols<UnitYears['indicators'][number]>((r, i) => (
      <span className="series-value">
        <IndicatorFigure def={defs.get(r.id)} v={r.values[i]!} reportId={d.reports[i]!.id} year={d.years[i]!} />
        <Delta d={r.changes[i]} text={changeText(defs.get(r.id), r.changes[i])} testId="unit-change" />
      </span>
    )),
  ];

  const rows = d.cells.filter((c) => c.table === tab && (!onlyChanged || c.deltas.some((x) => x !== null && x !== 0)));

  return (
    <div className="page unit-page" data-testid="unit-page">
      <div className="page-head">
        <Typography.Title level={4} data-testid="unit-name" className="page-title">
          {d.unit.name}
        </Typography.Title>
        <Typography.Text type="secondary">
          {d.unit.region ?? '地区未知'}
          {d.unit.level ? ` · ${d.unit.level}` : ''} · {n ? `${d.years.join('、')} 共 ${n} 个年度` : '还没有报告'}
        </Typography.Text>
        <div className="grow" />
        <Space wrap>
          {d.years.map((y, i) =>
            i > 0 ? (
              <Button
                key={y}
                size="small"
                icon={<SwapOutlined />}
                href={href('/compare', new URLSearchParams({ a: String(d.reports[i - 1]!.id), b: String(d.reports[i]!.id) }))}
                data-testid="unit-compare-link"
              >
                比较 {d.years[i - 1]} → {y}
              </Button>
            ) : null,
          )}
        </Space>
      </div>
      {d.left.length > 0 && (
        <Alert
          className="block"
          type="info"
          showIcon
          title={`另有 ${d.left.length} 份报告未列入：${d.left.map((l) => `${l.report.fileName}（${l.reason}）`).join('；')}`}
        />
      )}
      {n === 0 ? (
        <Empty description="这个单位还没有可读取的报告" />
      ) : (
        <>
          <Card
            size="small"
            className="block"
            title="逐年走势"
            extra={
              <Typography.Text type="secondary" className="small">
                点击图中的点，打开该年度报告并选中所用的单元格
              </Typography.Text>
            }
          >
            <Space wrap className="block">
              <Select
                data-testid="unit-chart-pick"
                showSearch
                optionFilterProp="label"
                style={{ width: 420, maxWidth: '100%' }}
                value={show}
                onChange={setShow}
                options={options}
              />
              {chosen && (
                <Typography.Text type="secondary" className="small" data-testid="unit-chart-formula">
                  {chosen.formula}
                </Typography.Text>
              )}
            </Space>
            {chosen ? (
              <Suspense fallback={<Spin />}>
                <PickChart
                  type="line"
                  testId="unit-chart"
                  categories={d.years.map((y) => `${y}年度`)}
                  values={chosen.values}
                  name={chosen.name}
                  unit={chosen.unit}
                  onPick={(i) => {
                    window.location.hash = reportAt(d.reports[i]!.id, chosen.cellsAt(i)).slice(1);
                  }}
                />
              </Suspense>
            ) : (
              <Empty description="请选择要显示的单元格或指标" />
            )}
          </Card>
          <Card
            size="small"
            className="block"
            title="指标"
            extra={
              <Typography.Text type="secondary" className="small">
                括号内为口径；标签为公式编号；小字为与上一年度相比的变化
              </Typography.Text>
            }
          >
            <Table
              data-testid="unit-indicators"
              size="small"
              rowKey="id"
              pagination={false}
              columns={indicatorColumns}
              dataSource={d.indicators}
              onRow={(r) => ({ 'data-testid': 'unit-indicator-row', 'data-id': r.id, className: 'series-row' })}
              scroll={{ x: 'max-content' }}
            />
            <Typography.Title level={5} className="sub-title">
              同比（与本单位上一年度报告相比）
            </Typography.Title>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.yearOverYear}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  title: '指标',
                  key: 'name',
                  render: (_, r) => (
                    <span>
                      {defs.get(r.id)?.name} <Tag className="formula-id">{r.id}</Tag>
                    </span>
                  ),
                },
                ...yearCols<UnitYears['yearOverYear'][number]>((r, i) => (
                  <IndicatorFigure def={defs.get(r.id)} v={r.values[i]!} reportId={d.reports[i]!.id} year={d.years[i]!} />
                )),
              ]}
            />
          </Card>
          <Card
            size="small"
            className="block"
            title="各表逐年数值"
            extra={
              <Space>
                <Typography.Text className="small">只看有变化的</Typography.Text>
                <Switch size="small" checked={onlyChanged} onChange={setOnlyChanged} data-testid="unit-only-changed" />
              </Space>
            }
          >
            <Tabs
              size="small"
              activeKey={tab}
              onChange={(k) => setTab(k as TableId)}
              items={(['t2', 't3', 't4'] as const).map((t) => ({ key: t, label: <span data-testid={`unit-tab-${t}`}>{TABLE_TITLE[t]}</span> }))}
            />
            <Table
              data-testid="unit-cells"
              size="small"
              rowKey={(c) => cellKey(c)}
              pagination={false}
              columns={cellColumns}
              dataSource={rows}
              onRow={(c) => ({ 'data-testid': 'unit-cell-row', 'data-cell': cellKey(c), className: 'series-row' })}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: onlyChanged ? '没有变化的单元格' : '这张表在各年度报告中都没有读到' }}
            />
          </Card>
        </>
      )}
    </div>
  );
}
