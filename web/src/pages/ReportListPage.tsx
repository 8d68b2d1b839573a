/** 报告列表: upload, search, filter, sort, page, and bulk export / problem lists of chosen reports. */
import { ROUTES } from '../../../src/server/routes';
import { useCallback, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Input, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import { DownloadOutlined, FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { downloadUrl, type ReportList, type ReportSummary, type RuleList } from '../lib/api';
import { agencyText, dateTimeText, FORMAT_LABEL, LIST_STATUS_LABEL, LIST_STATUSES, SEVERITY_LABEL, STATUS_LABEL, totalText } from '../lib/labels';
import { apiQuery, exportUrl, filtersFrom, filtersTo, type ListFilters, type SortKey } from '../lib/query';
import { href, navigate } from '../lib/router';
import { useJson } from '../lib/useJson';
import { dueYears } from '../lib/years';
import { UploadPanel } from '../components/UploadPanel';
import { RegionPicker } from '../components/RegionPicker';
import { BulkActions } from '../components/BulkActions';

/** Report years due: 2019 (first year of the statutory tables) to last year (this year's are not due yet). */
function yearOptions(): { value: number; label: string }[] {
  return dueYears().map((y) => ({ value: y, label: `${y}年度` }));
}

export function ReportListPage({ params }: { params: URLSearchParams }) {
  const { message } = App.useApp();
  const f = filtersFrom(params);
  const set = useCallback((p: Partial<ListFilters>) => navigate('/', filtersTo({ ...f, page: 1, ...p }), true), [f]);
  const listUrl = ROUTES.reports.path(apiQuery(f));
  const list = useJson<ReportList>(listUrl);
  const rules = useJson<RuleList>(ROUTES.rules.path());
  // How many unreadable files the default view hides, so they are out of the way but not lost.
  const hiddenQuery = useMemo(() => {
    const p = apiQuery({ ...f, status: 'unreadable', rule: null, page: 1, pageSize: 1 });
    return ROUTES.reports.path(p);
  }, [f]);
  const hidden = useJson<ReportList>(!f.status && !f.showUnreadable ? hiddenQuery : null);

  const [selected, setSelected] = useState<Map<number, ReportSummary>>(new Map());
  const [busy, setBusy] = useState<string | null>(null);
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reloadSoon = useCallback(() => {
    // Many uploads finish close together: refresh the list once for the lot.
    if (reloadTimer.current) clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => {
      list.reload();
      hidden.reload();
    }, 600);
  }, [list, hidden]);

  // One zip of the chosen reports' problem lists (one DOCX per report), in one request.
  const downloadProblems = async (rows: ReportSummary[]): Promise<void> => {
    setBusy(`正在生成 ${rows.length} 份问题清单`);
    try {
      await downloadUrl(ROUTES.problemsZip.path({ ids: rows.map((r) => r.id) }), '问题清单.zip');
      message.success(`已下载 ${rows.length} 份问题清单（zip）`);
    } catch (e) {
      message.error(`问题清单下载失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };

  const sortOrder = (key: SortKey): 'ascend' | 'descend' | null => (f.sort === key ? (f.order === 'asc' ? 'ascend' : 'descend') : null);

  const columns: TableColumnsType<ReportSummary> = [
    {
      title: '单位',
      key: 'agency',
      sorter: true,
      sortOrder: sortOrder('agency'),
      render: (_, r) => (
        <div className="list-agency">
          <div>
            {/* A real link: opens in a new tab, reachable by keyboard. */}
            <a href={href(`/reports/${r.id}`)} className="list-link" data-testid="report-link">
              <Typography.Text strong={r.agency !== null} type={r.agency ? undefined : 'secondary'}>
                {agencyText(r)}
              </Typography.Text>
            </a>
            {r.reviewedAt !== null && (
              <Tooltip title={`已审核 ${dateTimeText(r.reviewedAt)}${r.reviewNote ? `：${r.reviewNote}` : ''}`}>
                <Tag color="green" className="tag-gap" data-testid="row-reviewed">
                  已审核
                </Tag>
              </Tooltip>
            )}
            {r.supersededBy !== null && (
              <Tooltip title="同一单位同一年度有更新的文件">
                <Tag className="tag-gap">已被替换</Tag>
              </Tooltip>
            )}
          </div>
          {r.unitName && r.unitName !== r.agency && (
            <Typography.Text type="secondary" className="small">
              名录单位：{r.unitName}
            </Typography.Text>
          )}
          <Typography.Text type="secondary" className="small file-name">
            {r.fileName}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: '地区',
      key: 'region',
      sorter: true,
      sortOrder: sortOrder('region'),
      render: (_, r) => r.region ?? <Typography.Text type="secondary">—</Typography.Text>,
      width: 200,
    },
    {
      title: '年度',
      key: 'year',
      sorter: true,
      sortOrder: sortOrder('year'),
      width: 80,
      render: (_, r) => r.year ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: '格式',
      key: 'format',
      width: 110,
      render: (_, r) => (
        <span>
          {FORMAT_LABEL[r.format] ?? r.format}
          {r.template && <Typography.Text type="secondary"> · {r.template}版</Typography.Text>}
        </span>
      ),
    },
    {
      title: '问题',
      key: 'errors',
      sorter: true,
      sortOrder: sortOrder('errors'),
      width: 170,
      render: (_, r) =>
        r.status === 'unreadable' ? (
          <Tag data-testid="row-status">{STATUS_LABEL.unreadable}</Tag>
        ) : (
          <Space size={2} wrap data-testid="row-status">
            {r.errors > 0 && (
              <Tag color="red">
                {SEVERITY_LABEL.error} {r.errors}
              </Tag>
            )}
            {r.warnings > 0 && (
              <Tag color="orange">
                {SEVERITY_LABEL.warning} {r.warnings}
              </Tag>
            )}
            {r.errors === 0 && r.warnings === 0 && <Tag color="green">{STATUS_LABEL.ok}</Tag>}
          </Space>
        ),
    },
    { title: '上传时间', key: 'createdAt', sorter: true, sortOrder: sortOrder('createdAt'), width: 150, render: (_, r) => dateTimeText(r.createdAt) },
  ];

  const onTableChange = (p: TablePaginationConfig, _f: unknown, sorter: unknown): void => {
    const s = (Array.isArray(sorter) ? sorter[0] : sorter) as { columnKey?: string; order?: 'ascend' | 'descend' | null } | undefined;
    const key = (s?.order ? (s.columnKey as SortKey) : 'createdAt') ?? 'createdAt';
    const order = s?.order === 'ascend' ? 'asc' : 'desc';
    const pageChanged = (p.current ?? 1) !== f.page || (p.pageSize ?? f.pageSize) !== f.pageSize;
    navigate('/', filtersTo({ ...f, sort: key, order, page: pageChanged ? (p.current ?? 1) : 1, pageSize: p.pageSize ?? f.pageSize }), true);
  };

  const chosen = [...selected.values()];
  const ids = chosen.map((r) => r.id);

  return (
    <div className="page">
      <Card size="small" title="上传年报" className="block">
        <UploadPanel onUploaded={reloadSoon} />
      </Card>
      <Card size="small" className="block">
        <Space wrap className="filters">
          <Input.Search
            data-testid="search-input"
            placeholder="搜索单位、乡镇、部门名称"
            allowClear
            enterButton="搜索"
            defaultValue={f.q}
            key={f.q}
            onSearch={(q) => set({ q })}
            style={{ width: 340 }}
          />
          <Select
            data-testid="filter-year"
            placeholder="年度"
            allowClear
            style={{ width: 120 }}
            value={f.year ?? undefined}
            options={yearOptions()}
            onChange={(v: number | undefined) => set({ year: v ?? null })}
          />
          <RegionPicker value={f.region} onChange={(region) => set({ region })} />
          <Select
            data-testid="filter-status"
            placeholder="状态"
            allowClear
            style={{ width: 120 }}
            value={f.status ?? undefined}
            options={LIST_STATUSES.map((s) => ({ value: s, label: LIST_STATUS_LABEL[s] }))}
            onChange={(v: ListFilters['status'] | undefined) => set({ status: v ?? null })}
          />
          <Select
            data-testid="filter-rule"
            placeholder="规则"
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 260 }}
            value={f.rule ?? undefined}
            popupMatchSelectWidth={420}
            options={(rules.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.id} ${r.description}` }))}
            onChange={(v: string | undefined) => set({ rule: v ?? null })}
          />
          <Select
            data-testid="filter-review"
            placeholder="审核"
            allowClear
            style={{ width: 110 }}
            value={f.review ?? undefined}
            options={[
              { value: 'pending', label: '待审核' },
              { value: 'reviewed', label: '已审核' },
            ]}
            onChange={(v: ListFilters['review'] | undefined) => set({ review: v ?? null })}
          />
          <Space size={6}>
            <Switch
              data-testid="toggle-unreadable"
              size="small"
              checked={f.showUnreadable}
              disabled={f.status !== null}
              onChange={(showUnreadable) => set({ showUnreadable })}
            />
            <Typography.Text type={f.status ? 'secondary' : undefined}>显示无法读取的文件</Typography.Text>
          </Space>
          <Space size={6}>
            <Switch data-testid="toggle-superseded" size="small" checked={f.showSuperseded} onChange={(showSuperseded) => set({ showSuperseded })} />
            <Typography.Text>显示被替换的旧版本</Typography.Text>
          </Space>
        </Space>
        {hidden.data && hidden.data.total > 0 && (
          <div className="hidden-note" data-testid="hidden-unreadable">
            <Typography.Text type="secondary">另有 {hidden.data.total} 个文件无法读取，未列出。</Typography.Text>
            <Button type="link" size="small" onClick={() => set({ status: 'unreadable' })}>
              查看这些文件
            </Button>
          </div>
        )}
      </Card>
      <Card size="small" className="block">
        <div className="bulk-bar" data-testid="bulk-bar">
          <Space wrap>
            <Typography.Text>{chosen.length > 0 ? `已选 ${chosen.length} 份` : `共 ${totalText(list.data)} 份`}</Typography.Text>
            {chosen.length > 0 ? (
              <>
                <Button data-testid="export-selected-xlsx" icon={<FileExcelOutlined />} href={exportUrl('xlsx', ids, null)}>
                  导出所选（XLSX）
                </Button>
                <Button data-testid="export-selected-csv" icon={<DownloadOutlined />} href={exportUrl('csv', ids, null)}>
                  导出所选（CSV）
                </Button>
                <Button data-testid="problems-selected" icon={<FileWordOutlined />} loading={busy !== null} onClick={() => void downloadProblems(chosen)}>
                  {busy ?? `下载所选单位的问题清单（${chosen.length} 份）`}
                </Button>
                <BulkActions
                  chosen={chosen}
                  rules={rules.data?.items ?? []}
                  rule={f.rule}
                  onDone={() => {
                    setSelected(new Map());
                    list.reload();
                  }}
                />
                <Button type="link" onClick={() => setSelected(new Map())}>
                  取消选择
                </Button>
              </>
            ) : (
              <>
                <Button data-testid="export-all-xlsx" icon={<FileExcelOutlined />} href={exportUrl('xlsx', null, f)}>
                  导出全部符合条件的（XLSX）
                </Button>
                <Button data-testid="export-all-csv" icon={<DownloadOutlined />} href={exportUrl('csv', null, f)}>
                  CSV
                </Button>
              </>
            )}
          </Space>
        </div>
        {list.error && <Typography.Text type="danger">读取列表失败：{list.error}</Typography.Text>}
        <Table<ReportSummary>
          data-testid="report-table"
          rowKey="id"
          size="middle"
          scroll={{ x: 980 }}
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          onChange={onTableChange}
          locale={{ emptyText: f.q || f.year || f.region || f.status || f.rule ? '没有符合条件的报告' : '还没有报告，请先上传' }}
          pagination={{
            current: f.page,
            pageSize: f.pageSize,
            // Past the counted matches (「1,000+」) one more page is always offered.
            total: (list.data?.total ?? 0) + (list.data?.totalCapped ? f.pageSize : 0),
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: () => `共 ${totalText(list.data)} 份`,
          }}
          rowSelection={{
            preserveSelectedRowKeys: true,
            selectedRowKeys: ids,
            onChange: (_keys, rows) => {
              // rows holds only this page's rows; keep those chosen on other pages.
              setSelected((old) => {
                const next = new Map<number, ReportSummary>();
                const pageIds = new Set((list.data?.items ?? []).map((r) => r.id));
                for (const [id, r] of old) if (!pageIds.has(id)) next.set(id, r);
                for (const r of rows) if (r) next.set(r.id, r);
                return next;
              });
            },
          }}
          onRow={(r) => ({
            'data-testid': 'report-row',
            'data-id': r.id,
            className: 'clickable-row',
            onClick: (e) => {
              // The checkbox column selects; everywhere else opens the report.
              if ((e.target as HTMLElement).closest('.ant-table-selection-column, a, button')) return;
              navigate(`/reports/${r.id}`);
            },
          })}
        />
      </Card>
    </div>
  );
}
