/**
 * 比较 (#/compare?a=&b=): two reports side by side — the same unit in two years, or two units.
 * The three tables in their statutory layout with A → B and B − A in every cell (changes
 * coloured), the list of cells that differ, every indicator of each with its formula id, the
 * year-over-year ones for consecutive years, and the narrative section by section with its
 * similarity and the sentences both share. Without `a`: the same unit's previous year.
 */
import { ROUTES } from '../../../src/server/routes';
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Result, Row, Select, Space, Spin, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import type { ComparisonResult, ReportList, ReportSummary } from '../lib/api';
import { changeText, deltaText, reportAt, reportLabel, trend } from '../lib/analysis';
import { cellKey, type CellRef, type TableId } from '../lib/cells';
import { t2Layout, t3Layout, t4Layout, valueRefs, type TableLayout } from '../lib/layout';
import { cellName } from '../lib/names';
import { href, navigate } from '../lib/router';
import { useJson } from '../lib/useJson';
import { DeltaTable } from '../components/DeltaTable';
import { Delta, IndicatorFigure, IndicatorName } from '../components/Figures';

const TABLE_TITLE: Record<TableId, string> = { t2: '表二 主动公开', t3: '表三 依申请公开', t4: '表四 复议诉讼' };
type CellCmp = ComparisonResult['cells'][number];

const summaryText = (s: ReportSummary): string => `${reportLabel(s)} ${s.year ?? '（年度未知）'}${s.year ? '年度' : ''}（#${s.id}）`;

/** Choose a report: search by unit, agency, region or file name. */
function ReportPicker({
  value,
  current,
  onChange,
  testId,
}: {
  value: number | null;
  current: ReportSummary | null;
  onChange: (id: number) => void;
  testId: string;
}) {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQ(typed), 250);
    return () => clearTimeout(t);
  }, [typed]);
  const list = useJson<ReportList>(ROUTES.reports.path({ q, pageSize: 30, sort: 'agency', order: 'asc', status: 'ok,warnings,errors' }));
  const options = useMemo(() => {
    const items = list.data?.items ?? [];
    const all = current && !items.some((s) => s.id === current.id) ? [current, ...items] : items;
    return all.map((s) => ({ value: s.id, label: summaryText(s) }));
  }, [list.data, current]);
  return (
    <Select
      data-testid={testId}
      showSearch
      filterOption={false}
      onSearch={setTyped}
      value={value ?? undefined}
      placeholder="搜索单位名称、地区或文件名"
      style={{ width: 420, maxWidth: '100%' }}
      options={options}
      loading={list.loading}
      onChange={(v: number) => onChange(v)}
      notFoundContent={list.loading ? '加载中…' : '没有符合的报告'}
    />
  );
}

export function ComparePage({ params }: { params: URLSearchParams }) {
  const a = Number(params.get('a')) || null;
  const b = Number(params.get('b')) || null;
  const data = useJson<ComparisonResult>(b ? ROUTES.compare.path({ a, b }) : null);
  const set = (next: { a?: number | null; b?: number | null }, replace = false): void => {
    const q = new URLSearchParams();
    const na = next.a === undefined ? a : next.a;
    const nb = next.b === undefined ? b : next.b;
    if (na) q.set('a', String(na));
    if (nb) q.set('b', String(nb));
    navigate('/compare', q, replace);
  };
  // Asked without a: the server chose the previous year; keep it in the address.
  useEffect(() => {
    if (b && !a && data.data && data.data.b.id === b) set({ a: data.data.a.id }, true);
  }, [data.data]);
  const fresh = data.data && data.data.b.id === b && (!a || data.data.a.id === a) ? data.data : null;
  return (
    <div className="page compare-page" data-testid="compare-page">
      <Card size="small" className="block">
        <Space wrap align="center">
          <Typography.Text strong>A</Typography.Text>
          <ReportPicker testId="compare-pick-a" value={a} current={fresh?.a ?? null} onChange={(id) => set({ a: id })} />
          <Button icon={<SwapOutlined />} disabled={!a || !b} onClick={() => set({ a: b, b: a })} data-testid="compare-swap" aria-label="交换 A 和 B" />
          <Typography.Text strong>B</Typography.Text>
          <ReportPicker testId="compare-pick-b" value={b} current={fresh?.b ?? null} onChange={(id) => set({ b: id })} />
          <Typography.Text type="secondary" className="small">
            差值为 B − A；同一单位相邻两年另有同比
          </Typography.Text>
        </Space>
      </Card>
      {!b ? (
        <Empty description="请选择两份报告（同一单位两个年度，或两个单位）" />
      ) : data.error ? (
        <Result status="warning" title="无法比较" subTitle={data.error} />
      ) : !fresh ? (
        <div className="page-loading">
          <Spin size="large" />
        </div>
      ) : (
        <CompareView c={fresh} />
      )}
    </div>
  );
}

/** The t3 shape a side's cells show: 2019's single （六）其他处理 row, or 2021's three. */
const t3ShapeOf = (cells: CellCmp[], side: 'a' | 'b') =>
  cells.some((c) => c.table === 't3' && c.row === 'other.subtotal' && c[side] !== null) ? ('single-other' as const) : ('split-other' as const);

function CompareView({ c }: { c: ComparisonResult }) {
  const defs = useMemo(() => new Map(c.definitions.map((x) => [x.id, x])), [c.definitions]);
  const [tab, setTab] = useState<TableId | 'diff'>('diff');
  const template = c.b.template ?? c.a.template ?? '2021';
  const layouts = useMemo(
    () => ({ t2: t2Layout(template), t3: t3Layout(t3ShapeOf(c.cells, c.b.template ? 'b' : 'a')), t4: t4Layout() }) satisfies Record<TableId, TableLayout>,
    [template, c.cells, c.b.template],
  );
  const byKey = useMemo(() => new Map(c.cells.map((x) => [cellKey(x), x])), [c.cells]);
  const inLayout = useMemo(() => new Set([...valueRefs(layouts.t2), ...valueRefs(layouts.t3), ...valueRefs(layouts.t4)].map(cellKey)), [layouts]);
  const extra = c.cells.filter((x) => !inLayout.has(cellKey(x)) && (x.a !== null || x.b !== null));
  const diffs = c.cells.filter((x) => (x.delta !== null && x.delta !== 0) || (x.a === null) !== (x.b === null));
  const ids = { a: c.a.id, b: c.b.id };
  const sameUnit = c.a.unitId !== null && c.a.unitId === c.b.unitId;
  const name = (r: CellRef) => cellName(r, template);

  const diffTable = (rows: CellCmp[], testId: string) => (
    <Table
      data-testid={testId}
      size="small"
      rowKey={(x) => cellKey(x)}
      pagination={false}
      dataSource={rows}
      onRow={(x) => ({ 'data-testid': 'compare-diff-row', 'data-cell': cellKey(x), className: 'series-row' })}
      columns={[
        { title: '单元格', key: 'name', render: (_, x) => <span className="small">{x.name}</span> },
        {
          title: 'A',
          key: 'a',
          align: 'right',
          width: 110,
          render: (_, x) => (x.a === null ? <Typography.Text type="secondary">—</Typography.Text> : <a href={reportAt(ids.a, [x])}>{x.a}</a>),
        },
        {
          title: 'B',
          key: 'b',
          align: 'right',
          width: 110,
          render: (_, x) => (x.b === null ? <Typography.Text type="secondary">—</Typography.Text> : <a href={reportAt(ids.b, [x])}>{x.b}</a>),
        },
        {
          title: 'B − A',
          key: 'd',
          align: 'right',
          width: 110,
          render: (_, x) =>
            x.delta === null ? (
              <Typography.Text type="secondary">{x.a === null ? 'A 缺此格' : 'B 缺此格'}</Typography.Text>
            ) : (
              <Delta d={x.delta} text={deltaText(x.delta)} />
            ),
        },
      ]}
      locale={{ emptyText: '三张表逐格相同' }}
    />
  );

  return (
    <>
      <Card
        size="small"
        className="block"
        title={
          <Space wrap>
            <span data-testid="compare-a">
              A：<a href={reportAt(c.a.id)}>{summaryText(c.a)}</a>
            </span>
            <span>→</span>
            <span data-testid="compare-b">
              B：<a href={reportAt(c.b.id)}>{summaryText(c.b)}</a>
            </span>
            {c.consecutive ? <Tag color="blue">同一单位相邻年度</Tag> : sameUnit ? <Tag>同一单位</Tag> : <Tag>不同单位</Tag>}
          </Space>
        }
        extra={
          sameUnit ? (
            <a href={href(`/units/${c.b.unitId}`)} data-testid="compare-unit-link">
              本单位历年
            </a>
          ) : null
        }
      >
        <Tabs
          size="small"
          activeKey={tab}
          onChange={(k) => setTab(k as TableId | 'diff')}
          items={[
            { key: 'diff', label: <span data-testid="compare-tab-diff">有差异的单元格（{diffs.length}）</span> },
            ...(['t2', 't3', 't4'] as const).map((t) => ({ key: t, label: <span data-testid={`compare-tab-${t}`}>{TABLE_TITLE[t]}</span> })),
          ]}
        />
        {tab === 'diff' ? (
          diffTable(diffs, 'compare-diffs')
        ) : (
          <div className="table-scroll">
            <DeltaTable layout={layouts[tab]} view={{ cells: byKey, ids, name }} />
            {extra.some((x) => x.table === tab) && (
              <>
                <Alert className="table-alert" type="info" showIcon title="两份报告的表格格式不同，以下单元格只有一份报告有：" />
                {diffTable(
                  extra.filter((x) => x.table === tab),
                  'compare-extra',
                )}
              </>
            )}
          </div>
        )}
      </Card>
      <Card
        size="small"
        className="block"
        title="指标"
        extra={
          <Typography.Text type="secondary" className="small">
            标签为公式编号；比率的变化为百分点
          </Typography.Text>
        }
      >
        <Table
          data-testid="compare-indicators"
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={c.indicators}
          onRow={(r) => ({ 'data-testid': 'compare-indicator-row', 'data-id': r.id, className: 'series-row' })}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: '指标（口径）', key: 'name', render: (_, r) => <IndicatorName def={defs.get(r.id)} id={r.id} /> },
            { title: 'A', key: 'a', align: 'right', render: (_, r) => <IndicatorFigure def={defs.get(r.id)} v={r.a} reportId={c.a.id} year={c.a.year} /> },
            { title: 'B', key: 'b', align: 'right', render: (_, r) => <IndicatorFigure def={defs.get(r.id)} v={r.b} reportId={c.b.id} year={c.b.year} /> },
            {
              title: '变化',
              key: 'd',
              align: 'right',
              render: (_, r) =>
                trend(r.delta) === 'none' ? '—' : <Delta d={r.delta} text={changeText(defs.get(r.id), r.delta)} testId="compare-indicator-delta" />,
            },
          ]}
        />
        {c.consecutive && (
          <>
            <Typography.Title level={5} className="sub-title">
              同比（B 对 A）
            </Typography.Title>
            <Space wrap size="large">
              {c.yearOverYear.map((v) => (
                <span key={v.id}>
                  {defs.get(v.id)?.name}：<IndicatorFigure def={defs.get(v.id)} v={v} reportId={c.b.id} year={c.b.year} />
                </span>
              ))}
            </Space>
          </>
        )}
      </Card>
      <Card size="small" className="block" title="文字部分（逐部分比较，数字不计）">
        {c.sections.map((s) => (
          <div key={s.key} className="section-compare" data-testid="compare-section" data-key={s.key} data-similarity={s.similarity ?? ''}>
            <Space className="section-compare-head" wrap>
              <Typography.Text strong>{s.heading}</Typography.Text>
              {s.similarity === null ? (
                <Tag>{s.reason}</Tag>
              ) : (
                <Tooltip title="两段文字5字片段重合的估计比例（MinHash，数字不计）；80%以上即「几乎相同」，与跨年度雷同检查一致">
                  <Tag color={s.nearIdentical ? 'red' : s.similarity >= 0.5 ? 'orange' : 'green'} data-testid="section-similarity">
                    相似度约 {Math.round(s.similarity * 100)}%{s.nearIdentical ? '（几乎相同）' : ''}
                  </Tag>
                </Tooltip>
              )}
              {s.truncated && (
                <Typography.Text type="secondary" className="small">
                  文字过长，只显示前一部分
                </Typography.Text>
              )}
            </Space>
            <Row gutter={16}>
              {(['a', 'b'] as const).map((side) => (
                <Col span={12} key={side}>
                  <div className="section-text">
                    {s[side] === null ? (
                      <Typography.Text type="secondary">（{side.toUpperCase()} 没有这一部分的文字）</Typography.Text>
                    ) : (
                      s[side]!.map((x, i) => (
                        <span
                          key={i}
                          className={x.shared ? 'sentence sentence-shared' : 'sentence'}
                          data-testid="sentence"
                          data-shared={x.shared ? 'true' : 'false'}
                        >
                          {x.text}
                        </span>
                      ))
                    )}
                  </div>
                </Col>
              ))}
            </Row>
          </div>
        ))}
        <Typography.Text type="secondary" className="small">
          底色标出的句子在另一份报告的同一部分中也有（数字不同也算）。
        </Typography.Text>
      </Card>
    </>
  );
}
