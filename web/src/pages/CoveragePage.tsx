/** 报送情况: units × years, who submitted (and how it went), who has not; the not-submitted list per year. */
import { ROUTES } from '../../../src/server/routes';
import { searchVariants } from '../../../src/units/names';
import { lazy, Suspense, useMemo } from 'react';
import { Button, Card, Input, Segmented, Select, Space, Spin, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Coverage, CoverageState } from '../lib/api';
import { countsByYear, missingCsv, rowsIn, stateIn, type CoverageRow } from '../lib/coverage';
import { COVERAGE_COLOR, COVERAGE_LABEL } from '../lib/labels';
import { href, navigate } from '../lib/router';
import { useJson } from '../lib/useJson';
import { dueYears } from '../lib/years';
import { RegionPicker } from '../components/RegionPicker';

const CoverageChart = lazy(() => import('../components/CoverageChart'));

const STATES: CoverageState[] = ['ok', 'errors', 'unreadable', 'missing'];

/** The last three years whose reports are due. */
function defaultYears(): number[] {
  return dueYears().slice(0, 3).reverse();
}

function saveCsv(text: string, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function CoveragePage({ params }: { params: URLSearchParams }) {
  const years = (params.get('years') ?? '')
    .split(',')
    .map(Number)
    .filter((y) => Number.isInteger(y) && y >= 2000);
  const chosenYears = years.length > 0 ? [...new Set(years)].sort() : defaultYears();
  const region = params.get('region') || null;
  // Every filter lives in the address, so a reload, Back or a shared link shows the same view.
  const showParam = params.get('show');
  const show: 'all' | CoverageState = STATES.includes(showParam as CoverageState) ? (showParam as CoverageState) : 'all';
  const focusYear = Number(params.get('year')) || null;
  const search = params.get('q') ?? '';
  const setParams = (p: { years?: number[]; region?: string | null; show?: 'all' | CoverageState; year?: number | null; q?: string }): void => {
    const q = new URLSearchParams();
    q.set('years', (p.years ?? chosenYears).join(','));
    const r = p.region === undefined ? region : p.region;
    if (r) q.set('region', r);
    const sh = p.show ?? show;
    if (sh !== 'all') q.set('show', sh);
    const y = p.year === undefined ? focusYear : p.year;
    if (y) q.set('year', String(y));
    const s = p.q ?? search;
    if (s) q.set('q', s);
    navigate('/coverage', q, p.q === undefined && p.show === undefined && p.year === undefined);
  };
  const q = new URLSearchParams({ years: chosenYears.join(',') });
  if (region) q.set('region', region);
  const cov = useJson<Coverage>(ROUTES.coverage.path(q));

  const data = cov.data;
  const year = focusYear !== null && data?.years.includes(focusYear) ? focusYear : (data?.years[data.years.length - 1] ?? null);
  const counts = useMemo(() => (data ? countsByYear(data) : []), [data]);

  const rows = useMemo(() => {
    if (!data) return [];
    const base = show === 'all' ? data.rows : rowsIn(data, year, [show]);
    const s = search.trim();
    if (!s) return base;
    // 市场监管局 finds 市场监督管理局 too (the spellings of agency types the server's search knows).
    const vs = searchVariants(s);
    return base.filter((r) => vs.some((v) => r.unit.name.includes(v) || r.unit.aliases.some((a) => a.includes(v)) || (r.unit.region ?? '').includes(v)));
  }, [data, show, year, search]);

  const columns: TableColumnsType<CoverageRow> = [
    {
      title: '单位',
      key: 'unit',
      fixed: 'left',
      width: 260,
      render: (_, r) => (
        <div>
          <div>{r.unit.name}</div>
          {r.unit.level && (
            <Typography.Text type="secondary" className="small">
              {r.unit.level}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: '地区', key: 'region', width: 200, render: (_, r) => r.unit.region ?? '—' },
    ...(data?.years ?? []).map((y) => {
      const c = counts.find((x) => x.year === y)?.counts;
      return {
        title: (
          <div className="cov-col-title">
            <div>{y}年度</div>
            {c && (
              <Typography.Text type="secondary" className="small">
                未报送 {c.missing} · 有错误 {c.errors}
              </Typography.Text>
            )}
          </div>
        ),
        key: `y${y}`,
        width: 130,
        render: (_: unknown, r: CoverageRow) => {
          const cell = r.cells.find((x) => x.year === y);
          const st = stateIn(r, y);
          const body = (
            <span
              className={`cov-cell cov-${st}`}
              style={{ borderColor: COVERAGE_COLOR[st] }}
              data-testid="coverage-cell"
              data-year={y}
              data-state={st}
              data-unit={r.unit.id}
            >
              <span className="cov-dot" style={{ background: COVERAGE_COLOR[st] }} />
              {COVERAGE_LABEL[st]}
            </span>
          );
          return cell?.reportId ? (
            <Tooltip title="打开这份报告">
              <a href={href(`/reports/${cell.reportId}`)}>{body}</a>
            </Tooltip>
          ) : (
            body
          );
        },
      };
    }),
  ];

  return (
    <div className="page">
      <Card size="small" className="block">
        <Space wrap>
          <Typography.Text>年度</Typography.Text>
          <Select
            data-testid="coverage-years"
            mode="multiple"
            style={{ minWidth: 280 }}
            value={chosenYears}
            options={dueYears().map((y) => ({ value: y, label: `${y}年度` }))}
            onChange={(v: number[]) => setParams({ years: v.length ? v : defaultYears() })}
            maxTagCount={6}
          />
          <RegionPicker value={region} onChange={(r) => setParams({ region: r })} />
          <Input.Search
            placeholder="单位名称"
            allowClear
            style={{ width: 220 }}
            key={search}
            defaultValue={search}
            onSearch={(v) => setParams({ q: v.trim() })}
            onChange={(e) => !e.target.value && search && setParams({ q: '' })}
            data-testid="coverage-search"
          />
        </Space>
      </Card>
      {cov.error && <Typography.Text type="danger">读取报送情况失败：{cov.error}</Typography.Text>}
      {data && (
        <Card size="small" className="block" title="各年度报送情况">
          <div className="cov-summary">
            <div className="cov-stats">
              {counts.map((c) => (
                <div key={c.year} className="cov-stat">
                  <div className="cov-stat-year">{c.year}年度</div>
                  {STATES.map((s) => (
                    <div key={s} className="cov-stat-line">
                      <span className="cov-dot" style={{ background: COVERAGE_COLOR[s] }} />
                      {COVERAGE_LABEL[s]} <b>{c.counts[s]}</b>
                    </div>
                  ))}
                </div>
              ))}
            </div>
            <div className="cov-chart">
              <Suspense fallback={<Spin />}>
                <CoverageChart data={counts} />
              </Suspense>
            </div>
          </div>
        </Card>
      )}
      <Card size="small" className="block">
        <Space wrap className="cov-toolbar">
          <Typography.Text>只看</Typography.Text>
          <Select
            size="small"
            style={{ width: 110 }}
            value={year ?? undefined}
            options={(data?.years ?? []).map((y) => ({ value: y, label: `${y}年度` }))}
            onChange={(v: number) => setParams({ year: v })}
            data-testid="coverage-focus-year"
          />
          <Segmented
            size="small"
            value={show}
            onChange={(v) => setParams({ show: v as 'all' | CoverageState })}
            options={[
              { value: 'all', label: '全部单位' },
              ...(['missing', 'errors', 'unreadable', 'ok'] as const).map((s) => ({ value: s, label: COVERAGE_LABEL[s] })),
            ]}
            data-testid="coverage-show"
          />
          {data && year !== null && (
            <Button
              size="small"
              icon={<DownloadOutlined />}
              onClick={() => saveCsv(missingCsv(data, year), `未报送名单-${year}年度.csv`)}
              data-testid="coverage-missing-csv"
            >
              导出 {year} 年度未报送名单
            </Button>
          )}
        </Space>
        <Table<CoverageRow>
          data-testid="coverage-table"
          rowKey={(r) => r.unit.id}
          size="small"
          loading={cov.loading}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 460 + 130 * (data?.years.length ?? 0) }}
          pagination={{ defaultPageSize: 50, showSizeChanger: true, pageSizeOptions: [50, 100, 500], showTotal: (t) => `共 ${t} 个单位` }}
          locale={{ emptyText: data && data.rows.length === 0 ? '没有单位。请先在「单位」页面导入单位名录' : '没有符合条件的单位' }}
        />
      </Card>
    </div>
  );
}
