/**
 * 分析 (#/analysis?region=&year=&ind=): a region's year — how many units reported against last
 * year, every unit's indicators with their formula ids (a value opens the report at its cells),
 * the ranking by a chosen indicator as a table and a bar chart (units under the minimum count
 * not ranked, with the reason), the roll-up by scope with each whole-area report checked against
 * its children, and the comparison workbook and the summary DOCX to download.
 */
import { ROUTES } from '../../../src/server/routes';
import { lazy, Suspense, useMemo, useState } from 'react';
import { App, Button, Card, Col, Collapse, Empty, Row, Select, Space, Spin, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Analysis, AnalysisRow, RollupCell, RollupResult, WholeAreaCheck } from '../lib/api';
import { downloadUrl, getJson } from '../lib/api';
import { changeText, openFigure, reportAt, ROLLUP_STATUS_COLOR, ROLLUP_STATUS_LABEL, SCOPE_BASIS_LABEL, SCOPE_LABEL } from '../lib/analysis';
import { href, navigate } from '../lib/router';
import { useJson } from '../lib/useJson';
import { dueYears } from '../lib/years';
import { RegionPicker } from '../components/RegionPicker';
import { Delta, IndicatorFigure, IndicatorName } from '../components/Figures';

const PickChart = lazy(() => import('../components/PickChart'));

export function AnalysisPage({ params }: { params: URLSearchParams }) {
  const year = Number(params.get('year')) || dueYears()[0]!;
  const region = params.get('region') || null;
  const ind = params.get('ind') || 'openRate';
  const set = (p: { year?: number; region?: string | null; ind?: string }): void => {
    const q = new URLSearchParams();
    q.set('year', String(p.year ?? year));
    const r = p.region === undefined ? region : p.region;
    if (r) q.set('region', r);
    const i = p.ind ?? ind;
    if (i !== 'openRate') q.set('ind', i);
    navigate('/analysis', q, p.ind !== undefined);
  };
  const data = useJson<Analysis>(ROUTES.analysis.path({ region, year }));
  const roll = useJson<RollupResult>(ROUTES.rollup.path({ region, year }));
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'xlsx' | 'docx' | null>(null);
  const download = async (kind: 'xlsx' | 'docx'): Promise<void> => {
    setBusy(kind);
    try {
      if (kind === 'xlsx') await downloadUrl(ROUTES.comparisonXlsx.path({ region, year }), `比较工作簿-${year}年度.xlsx`);
      else await downloadUrl(ROUTES.summaryDocx.path({ region, year }), `汇总报告-${year}年度.docx`);
    } catch (e) {
      message.error(`下载失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };
  const a = data.data && data.data.year === year ? data.data : null;
  return (
    <div className="page analysis-page" data-testid="analysis-page">
      <Card size="small" className="block">
        <Space wrap align="center">
          <RegionPicker value={region} onChange={(r) => set({ region: r })} width={260} />
          <Select
            data-testid="analysis-year"
            style={{ width: 120 }}
            value={year}
            onChange={(y: number) => set({ year: y })}
            options={dueYears().map((y) => ({ value: y, label: `${y}年度` }))}
          />
          <Button type="primary" icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => void download('xlsx')} data-testid="analysis-download">
            下载比较工作簿（XLSX）
          </Button>
          <Button icon={<DownloadOutlined />} loading={busy === 'docx'} onClick={() => void download('docx')} data-testid="analysis-summary-docx">
            下载汇总报告（DOCX）
          </Button>
          <Typography.Text type="secondary" className="small">
            工作簿：表二、表三、表四每个单位一行，指标（公式编号）、排名、同比；汇总报告：按统计范围合计的主要数据、图表、各单位数据，可直接上报
          </Typography.Text>
        </Space>
      </Card>
      {data.error ? (
        <Empty description={data.error} />
      ) : !a ? (
        <div className="page-loading">
          <Spin size="large" />
        </div>
      ) : (
        <AnalysisView a={a} ind={ind} setInd={(i) => set({ ind: i })} />
      )}
      <RollupCard roll={roll.data && roll.data.year === year ? roll.data : null} error={roll.error} />
    </div>
  );
}

function AnalysisView({ a, ind, setInd }: { a: Analysis; ind: string; setInd: (id: string) => void }) {
  const defs = useMemo(() => new Map(a.definitions.map((x) => [x.id, x])), [a.definitions]);
  const at = Math.max(0, a.ids.indexOf(ind));
  const id = a.ids[at]!;
  const def = defs.get(id);
  const ranked = useMemo(
    () =>
      a.rows
        .filter((r) => r.ranks[id] !== null && r.ranks[id] !== undefined)
        .sort((x, y) => x.ranks[id]! - y.ranks[id]! || x.label.localeCompare(y.label, 'zh-CN')),
    [a.rows, id],
  );
  const rows = useMemo(() => [...ranked, ...a.rows.filter((r) => !ranked.includes(r))], [a.rows, ranked]);
  const [now, before] = [a.coverage.find((c) => c.year === a.year), a.coverage.find((c) => c.year === a.year - 1)];

  const columns: TableColumnsType<AnalysisRow> = [
    {
      title: '单位',
      key: 'unit',
      fixed: 'left',
      width: 220,
      render: (_, r) => (
        <div>
          {r.report.unitId !== null ? <a href={href(`/units/${r.report.unitId}`)}>{r.label}</a> : r.label}
          <div>
            <a className="small" href={reportAt(r.report.id)}>
              报告 #{r.report.id}
            </a>
            {r.previousId !== null && (
              <a className="small tag-gap" href={href('/compare', new URLSearchParams({ a: String(r.previousId), b: String(r.report.id) }))}>
                比较上一年度
              </a>
            )}
          </div>
        </div>
      ),
    },
    {
      title: '受理总量',
      key: 'requests',
      width: 100,
      align: 'right',
      render: (_, r) => (r.requests === null ? <Typography.Text type="secondary">—</Typography.Text> : `${r.requests}件`),
    },
    {
      title: (
        <span>
          排名<div className="small">（{def?.name}）</div>
        </span>
      ),
      key: 'rank',
      width: 110,
      align: 'center',
      render: (_, r) =>
        r.ranks[id] !== null && r.ranks[id] !== undefined ? (
          <b data-testid="analysis-rank">{r.ranks[id]}</b>
        ) : (
          <Tooltip title={r.notRanked[id]}>
            <Tag data-testid="analysis-not-ranked">{r.rankable ? '无法计算' : '不排名'}</Tag>
          </Tooltip>
        ),
    },
    {
      title: (
        <span>
          与上年相比<div className="small">Δ({id})</div>
        </span>
      ),
      key: 'change',
      width: 130,
      align: 'right',
      render: (_, r) =>
        r.changes[at] === null ? <Typography.Text type="secondary">—</Typography.Text> : <Delta d={r.changes[at]} text={changeText(def, r.changes[at])} />,
    },
    ...a.ids.map((x, j) => ({
      title: <IndicatorName def={defs.get(x)} id={x} />,
      key: x,
      width: 150,
      align: 'right' as const,
      className: x === id ? 'chosen-col' : '',
      render: (_: unknown, r: AnalysisRow) => <IndicatorFigure def={defs.get(x)} v={r.values[j]!} reportId={r.report.id} year={r.report.year} />,
    })),
  ];

  return (
    <>
      <Row gutter={12} className="block" data-testid="analysis-coverage">
        {[
          { t: '报告份数', v: a.rows.length + a.unreadable.length, prev: null },
          { t: '名录单位', v: now?.units ?? 0, prev: before?.units },
          { t: '已报送', v: now?.submitted ?? 0, prev: before?.submitted },
          { t: '未报送', v: now?.missing.length ?? 0, prev: before?.missing.length },
          { t: '有错误', v: now?.errors ?? 0, prev: before?.errors },
        ].map((s) => (
          <Col key={s.t} xs={12} md={4}>
            <Card size="small">
              <Statistic title={s.t} value={s.v} suffix={s.prev !== null && s.prev !== undefined ? <span className="small">（上年 {s.prev}）</span> : null} />
            </Card>
          </Col>
        ))}
        {now && now.missing.length > 0 && (
          <Col xs={24} md={4}>
            <Typography.Text type="secondary" className="small">
              未报送：{now.missing.map((m) => m.name).join('、')}
            </Typography.Text>
          </Col>
        )}
      </Row>
      <Card
        size="small"
        className="block"
        title={
          <Space wrap>
            <span>排名</span>
            <Select
              data-testid="analysis-indicator"
              showSearch
              optionFilterProp="label"
              style={{ width: 360 }}
              value={id}
              onChange={setInd}
              options={a.ids.map((x) => ({ value: x, label: `${defs.get(x)?.name ?? x}（${defs.get(x)?.variant ?? ''}）` }))}
            />
            <Tag className="formula-id">{id}</Tag>
          </Space>
        }
        extra={
          <Typography.Text type="secondary" className="small">
            按数值从高到低；受理总量少于{a.minRequests}件的单位不参与排名（样本偏小）
          </Typography.Text>
        }
      >
        <Typography.Paragraph type="secondary" className="small">
          公式：{def?.formula}
        </Typography.Paragraph>
        {ranked.length ? (
          <Suspense fallback={<Spin />}>
            <PickChart
              type="bar"
              testId="analysis-chart"
              categories={ranked.map((r) => r.label)}
              values={ranked.map((r) => r.values[at]!.value)}
              name={def ? `${def.name}（${def.variant}）` : id}
              unit={def?.unit ?? ''}
              height={320}
              onPick={(i) => {
                const r = ranked[i]!;
                void openFigure(r.report.id, id, r.report.year);
              }}
            />
          </Suspense>
        ) : (
          <Empty description="没有可排名的单位" />
        )}
      </Card>
      <Card size="small" className="block" title={`各单位指标（${a.year}年度${a.region ? ` · ${a.region}` : ''}）`}>
        <Table
          data-testid="analysis-table"
          size="small"
          rowKey={(r) => r.report.id}
          pagination={false}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ 'data-testid': 'analysis-row', 'data-id': r.report.id, 'data-rank': r.ranks[id] ?? '', className: 'series-row' })}
          locale={{ emptyText: '这个地区这一年度还没有可读取的报告' }}
        />
        {a.unreadable.length > 0 && (
          <Typography.Text type="secondary" className="small">
            另有 {a.unreadable.length} 份报告无法读取，未列入：{a.unreadable.map((s) => s.fileName).join('、')}
          </Typography.Text>
        )}
      </Card>
    </>
  );
}

function RollupCard({ roll, error }: { roll: RollupResult | null; error: string | null }) {
  return (
    <Card size="small" className="block" title="汇总与层级核对" data-testid="rollup">
      {error ? (
        <Empty description={error} />
      ) : !roll ? (
        <Spin />
      ) : (
        <>
          <Typography.Paragraph type="secondary" className="small">
            按统计范围（本机关、本级、全域）分别合计，不同范围的报告不相加；全域报告与其下级报告之和逐格核对，缺少下级报告时差异为「无法确定」。
          </Typography.Paragraph>
          {roll.wholeArea.map((w) => (
            <WholeAreaView key={w.parent.id} roll={roll} w={w} />
          ))}
          <Collapse
            size="small"
            items={roll.groups.map((g) => ({
              key: g.scope,
              label: (
                <span data-testid="rollup-group" data-scope={g.scope}>
                  {SCOPE_LABEL[g.scope]}报告合计（{g.items.length}份）
                </span>
              ),
              children: (
                <Table
                  size="small"
                  rowKey={(x) => `${x.table}|${x.row}|${x.col}`}
                  pagination={{ pageSize: 20, showSizeChanger: false }}
                  dataSource={g.cells.filter((x) => x.value !== 0)}
                  columns={[
                    { title: '单元格', key: 'n', render: (_, x) => <span className="small">{x.name}</span> },
                    {
                      title: '合计',
                      key: 'v',
                      align: 'right',
                      render: (_, x) =>
                        x.value === null ? (
                          <Typography.Text type="secondary">
                            无法合计（{x.missing.join('、')}
                            {x.missingCount > x.missing.length ? `等${x.missingCount}份` : ''}缺少该格）
                          </Typography.Text>
                        ) : (
                          x.value
                        ),
                    },
                    {
                      title: '来自',
                      key: 'p',
                      render: (_, x) => <CellParts roll={roll} scope={g.scope} x={x} />,
                    },
                  ]}
                />
              ),
            }))}
          />
          <Typography.Title level={5} className="sub-title">
            各报告的统计范围
          </Typography.Title>
          <Table
            size="small"
            rowKey={(s) => s.report.id}
            pagination={false}
            dataSource={roll.scopes}
            columns={[
              { title: '报告', key: 'r', render: (_, s) => <a href={reportAt(s.report.id)}>{s.label}</a> },
              { title: '范围', key: 's', render: (_, s) => (s.scope ? SCOPE_LABEL[s.scope] : <Typography.Text type="warning">未判明</Typography.Text>) },
              {
                title: '依据',
                key: 'b',
                render: (_, s) => <span className="small">{s.basis ? `${SCOPE_BASIS_LABEL[s.basis]}：${s.evidence ?? ''}` : (s.note ?? '')}</span>,
              },
            ]}
          />
          {roll.left.length > 0 && (
            <Typography.Paragraph type="secondary" className="small">
              未合计：{roll.left.map((l) => `${l.label}（${l.reason}）`).join('；')}
            </Typography.Paragraph>
          )}
        </>
      )}
    </Card>
  );
}

/**
 * One whole-area report against its children: the first differences as the roll-up sends them,
 * and every one (with every child's part) when asked for (ROUTES.rollupCheck).
 */
function WholeAreaView({ roll, w: sent }: { roll: RollupResult; w: WholeAreaCheck }) {
  const [full, setFull] = useState<WholeAreaCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const w = full ?? sent;
  const more = async (): Promise<void> => {
    setBusy(true);
    try {
      setFull(await getJson<WholeAreaCheck>(ROUTES.rollupCheck.path({ region: roll.region, year: roll.year, parent: sent.parent.id })));
    } catch (e) {
      message.error(`读取失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="rollup-check" data-testid="rollup-check" data-status={w.status}>
      <Space wrap>
        <Tag color={ROLLUP_STATUS_COLOR[w.status]}>{ROLLUP_STATUS_LABEL[w.status]}</Tag>
        <a href={reportAt(w.parent.id)}>{w.parent.label}</a>
        <Typography.Text type="secondary" className="small">
          下级{w.childrenFrom === 'unitList' ? '按单位名录' : '按地区'}：{w.children.map((x) => x.label).join('、') || '无'}
        </Typography.Text>
      </Space>
      <div>{w.message}</div>
      {w.differences.length > 0 && (
        <Table
          size="small"
          rowKey={(d) => `${d.table}|${d.row}|${d.col}`}
          pagination={w.differences.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          dataSource={w.differences}
          onRow={() => ({ 'data-testid': 'rollup-diff', className: 'series-row' })}
          columns={[
            { title: '单元格', key: 'n', render: (_, d) => <a href={reportAt(w.parent.id, [d])}>{d.name}</a> },
            { title: '本报告', dataIndex: 'parent', align: 'right' },
            { title: '下级之和', dataIndex: 'children', align: 'right' },
            {
              title: '相差',
              key: 'd',
              align: 'right',
              render: (_, d) => <Delta d={d.difference} text={d.difference > 0 ? `+${d.difference}` : String(d.difference)} />,
            },
            {
              title: '下级各自',
              key: 'p',
              render: (_, d) => (
                <span className="small">
                  {d.parts.map((p, i) => (
                    <span key={p.id}>
                      {i ? '，' : ''}
                      <a href={reportAt(p.id, [d])}>{p.label}</a> {p.value}
                    </span>
                  ))}
                  {d.partCount > d.parts.length && (
                    <Button type="link" size="small" loading={busy} onClick={() => void more()}>
                      等{d.partCount}份
                    </Button>
                  )}
                  {d.suspects.length ? `（该格关系不成立：${d.suspects.join('、')}）` : ''}
                </span>
              ),
            },
          ]}
        />
      )}
      {w.differenceCount > w.differences.length && (
        <Button size="small" loading={busy} onClick={() => void more()} data-testid="rollup-diff-more">
          显示全部 {w.differenceCount} 个不一致的单元格
        </Button>
      )}
    </div>
  );
}

/** Where a summed cell comes from: its largest parts as sent, every one when asked for (ROUTES.rollupCell). */
function CellParts({
  roll,
  scope,
  x,
}: {
  roll: RollupResult;
  scope: RollupResult['groups'][number]['scope'];
  x: RollupResult['groups'][number]['cells'][number];
}) {
  const [all, setAll] = useState<RollupCell | null>(null);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const parts = all?.parts ?? x.parts;
  const more = async (): Promise<void> => {
    setBusy(true);
    try {
      setAll(await getJson<RollupCell>(ROUTES.rollupCell.path({ region: roll.region, year: roll.year, scope, table: x.table, row: x.row, col: x.col })));
    } catch (e) {
      message.error(`读取失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="small" data-testid="rollup-parts">
      {parts.map((p, i) => (
        <span key={p.id}>
          {i ? '，' : ''}
          <a href={reportAt(p.id, [x])}>{p.label}</a> {p.value}
        </span>
      ))}
      {!all && x.partCount > x.parts.length && (
        <Button type="link" size="small" loading={busy} onClick={() => void more()} data-testid="rollup-parts-more">
          等{x.partCount}份
        </Button>
      )}
    </span>
  );
}
