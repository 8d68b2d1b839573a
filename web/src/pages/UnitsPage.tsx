/** 单位: import the unit list, search it, and settle reports whose unit is unmatched or ambiguous. */
import { ROUTES } from '../../../src/server/routes';
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Badge, Button, Card, Input, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { getJson, postFile, type ReviewItem, type ReviewQueue, type Unit, type UnitImportResult, type UnitList } from '../lib/api';
import { agencyText, REVIEW_REASON_LABEL } from '../lib/labels';
import { href, navigate } from '../lib/router';
import { useJson } from '../lib/useJson';
import { assignUnits } from '../components/assignUnits';
import { deleteUnit, UnitEditor } from '../components/UnitEditor';

export function UnitsPage({ params }: { params: URLSearchParams }) {
  const tab = params.get('tab') === 'review' ? 'review' : 'units';
  const review = useJson<ReviewQueue>(ROUTES.reviewQueue.path());
  return (
    <div className="page">
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate('/units', new URLSearchParams(k === 'review' ? { tab: 'review' } : {}), true)}
        items={[
          { key: 'units', label: <span data-testid="tab-units">单位名录</span>, children: <UnitsTab onImported={review.reload} /> },
          {
            key: 'review',
            label: (
              <span data-testid="tab-review">
                待确认 <Badge count={review.data?.items.length ?? 0} showZero={false} overflowCount={999} />
              </span>
            ),
            children: <ReviewTab queue={review.data} loading={review.loading} error={review.error} reload={review.reload} />,
          },
        ]}
      />
    </div>
  );
}

function UnitsTab({ onImported }: { onImported: () => void }) {
  const app = App.useApp();
  const { message } = app;
  const [editing, setEditing] = useState<Unit | null>(null);
  const changed = (m: string): void => {
    void message.success(m);
    setEditing(null);
    list.reload();
    onImported();
  };
  const [q, setQ] = useState('');
  // Paged by the server: a province's list has thousands of units.
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const list = useJson<UnitList>(ROUTES.units.path({ q, page: paging.page, pageSize: paging.pageSize }));
  const [result, setResult] = useState<UnitImportResult | null>(null);
  const [importing, setImporting] = useState(false);
  const byId = useMemo(() => new Map((list.data?.items ?? []).map((u) => [u.id, u])), [list.data]);
  const columns: TableColumnsType<Unit> = [
    {
      title: '名称',
      key: 'name',
      render: (_, u) => (
        <a href={href(`/units/${u.id}`)} data-testid="unit-link" data-id={u.id}>
          {u.name}
        </a>
      ),
    },
    { title: '别名', key: 'aliases', render: (_, u) => u.aliases.map((a) => <Tag key={a}>{a}</Tag>) },
    { title: '地区', key: 'region', render: (_, u) => u.region ?? '—' },
    { title: '层级', key: 'level', width: 90, render: (_, u) => u.level ?? '—' },
    { title: '上级', key: 'parent', render: (_, u) => (u.parentId !== null ? (byId.get(u.parentId)?.name ?? `#${u.parentId}`) : '—') },
    {
      title: '操作',
      key: 'actions',
      width: 120,
      render: (_, u) => (
        <Space size={4}>
          <Button size="small" type="link" data-testid="unit-edit" onClick={() => setEditing(u)}>
            修改
          </Button>
          <Button size="small" type="link" danger data-testid="unit-delete" onClick={() => deleteUnit(app, u, changed)}>
            删除
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <>
      <Card size="small" className="block" title="导入单位名录">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            CSV 或 Excel（XLSX）文件，第一行为表头：名称、地区、层级、上级、别名（多个别名用顿号或分号隔开）。已有的单位按名称更新。
          </Typography.Text>
          <div data-testid="units-import">
            <Upload
              accept=".csv,.xlsx"
              showUploadList={false}
              beforeUpload={(file) => {
                setImporting(true);
                postFile<UnitImportResult>(ROUTES.unitImport.path(), file)
                  .then((r) => {
                    setResult(r);
                    list.reload();
                    onImported();
                  })
                  .catch((e: unknown) => message.error(`导入失败：${e instanceof Error ? e.message : String(e)}`))
                  .finally(() => setImporting(false));
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={importing}>
                选择文件导入
              </Button>
            </Upload>
          </div>
          {result && (
            <Alert
              data-testid="units-import-result"
              type={result.rejected.length ? 'warning' : 'success'}
              showIcon
              title={importTitle(result)}
              description={
                result.rejected.some((r) => r.line > 0) && (
                  <ul className="plain-list">
                    {result.rejected
                      .filter((r) => r.line > 0)
                      .slice(0, 50)
                      .map((r, i) => (
                        <li key={`${r.line}-${i}`}>{r.message}</li>
                      ))}
                    {result.rejected.length > 50 && <li>……另有 {result.rejected.length - 50} 行</li>}
                  </ul>
                )
              }
            />
          )}
        </Space>
      </Card>
      <Card size="small" className="block">
        <Space wrap className="filters">
          <Input.Search
            data-testid="units-search"
            placeholder="单位名称、别名或地区"
            allowClear
            enterButton="搜索"
            onSearch={(v) => {
              setQ(v);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            style={{ width: 340 }}
          />
          <Typography.Text type="secondary">共 {list.data?.total ?? 0} 个单位</Typography.Text>
        </Space>
        <Table<Unit>
          data-testid="units-table"
          rowKey="id"
          scroll={{ x: 720 }}
          size="small"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [50, 100, 200],
            showTotal: (t) => `共 ${t} 个`,
            onChange: (page, pageSize) => setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
          }}
          locale={{ emptyText: q ? '没有找到' : '还没有单位，请先导入名录' }}
        />
      </Card>
      {editing && (
        <UnitEditor
          unit={editing}
          parentName={editing.parentId !== null ? (byId.get(editing.parentId)?.name ?? null) : null}
          onClose={() => setEditing(null)}
          onSaved={changed}
        />
      )}
    </>
  );
}

/** What an import did, in one line: a file refused as a whole says so instead of counting rows. */
function importTitle(r: UnitImportResult): string {
  const whole = r.rejected.find((x) => x.line === 0);
  if (whole && r.added === 0 && r.updated === 0) return `名录未导入：${whole.message}`;
  const rows = r.rejected.filter((x) => x.line > 0).length;
  return `新增 ${r.added} 个单位，更新 ${r.updated} 个${rows ? `，${rows} 行有问题` : ''}；${r.rematched} 份报告重新对应单位并重新核查跨年度问题`;
}

/** Pick a unit: the candidates first, any unit by search. */
function UnitPicker({ item, value, onChange }: { item: ReviewItem; value: number | null; onChange: (id: number | null) => void }) {
  const [found, setFound] = useState<Unit[]>([]);
  const [q, setQ] = useState('');
  useEffect(() => {
    if (!q.trim()) return void setFound([]);
    const ctl = new AbortController();
    const t = setTimeout(() => {
      getJson<UnitList>(ROUTES.units.path({ q: q.trim() }), ctl.signal)
        .then((r) => setFound(r.items.slice(0, 30)))
        .catch(() => undefined);
    }, 250);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [q]);
  const label = (u: Unit): string => `${u.name}${u.region ? `（${u.region}）` : ''}`;
  const cand = new Set(item.candidates.map((u) => u.id));
  const options = [
    ...(item.candidates.length ? [{ label: '候选单位', options: item.candidates.map((u) => ({ value: u.id, label: label(u) })) }] : []),
    ...(found.some((u) => !cand.has(u.id))
      ? [{ label: '搜索结果', options: found.filter((u) => !cand.has(u.id)).map((u) => ({ value: u.id, label: label(u) })) }]
      : []),
  ];
  return (
    <Select
      data-testid="review-unit-select"
      showSearch
      filterOption={false}
      onSearch={setQ}
      style={{ width: 320 }}
      placeholder={item.candidates.length ? '选择候选单位，或输入名称搜索' : '输入名称搜索单位'}
      value={value ?? undefined}
      onChange={(v: number | undefined) => onChange(v ?? null)}
      options={options}
      allowClear
      notFoundContent={q ? '没有找到' : '输入名称搜索'}
    />
  );
}

function ReviewTab({ queue, loading, error, reload }: { queue: ReviewQueue | null; loading: boolean; error: string | null; reload: () => void }) {
  const [picked, setPicked] = useState<Map<number, number>>(new Map());
  const [selected, setSelected] = useState<number[]>([]);
  const [saving, setSaving] = useState(false);
  const items = queue?.items ?? [];

  const app = App.useApp();
  const assign = async (pairs: [number, number][]): Promise<void> => {
    setSaving(true);
    const byId = new Map(items.map((it) => [it.report.id, it.report] as const));
    await assignUnits(
      app,
      pairs.filter(([r]) => byId.has(r)).map(([r, unitId]) => ({ report: byId.get(r)!, unitId })),
      reload,
    );
    setSaving(false);
    setSelected([]);
  };

  const columns: TableColumnsType<ReviewItem> = [
    {
      title: '报告',
      key: 'report',
      render: (_, it) => (
        <div>
          <a href={href(`/reports/${it.report.id}`)}>{agencyText(it.report)}</a>
          {it.report.year !== null && <Typography.Text type="secondary"> · {it.report.year}年度</Typography.Text>}
          <div>
            <Typography.Text type="secondary" className="small">
              {it.report.fileName}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: '原因',
      key: 'reason',
      width: 150,
      render: (_, it) => <Tag color={it.reason === 'ambiguous' ? 'orange' : 'red'}>{REVIEW_REASON_LABEL[it.reason]}</Tag>,
    },
    {
      title: '对应单位',
      key: 'unit',
      render: (_, it) => (
        <div>
          <Space>
            <UnitPicker
              item={it}
              value={picked.get(it.report.id) ?? null}
              onChange={(v) => setPicked((m) => (v === null ? (m.delete(it.report.id), new Map(m)) : new Map(m).set(it.report.id, v)))}
            />
            <Button
              type="primary"
              size="small"
              disabled={!picked.has(it.report.id)}
              loading={saving}
              data-testid="review-assign"
              onClick={() => void assign([[it.report.id, picked.get(it.report.id)!]])}
            >
              确定
            </Button>
          </Space>
          {it.candidates.length > 0 && (
            <div className="candidates">
              <Typography.Text type="secondary" className="small">
                候选：
              </Typography.Text>
              {it.candidates.map((u) => (
                <Tag.CheckableTag
                  key={u.id}
                  checked={picked.get(it.report.id) === u.id}
                  onChange={(on) => setPicked((m) => (on ? new Map(m).set(it.report.id, u.id) : (m.delete(it.report.id), new Map(m))))}
                >
                  {u.name}
                  {u.region ? `（${u.region}）` : ''}
                </Tag.CheckableTag>
              ))}
            </div>
          )}
        </div>
      ),
    },
  ];

  const bulkPairs = (): [number, number][] =>
    items
      .filter((it) => selected.includes(it.report.id))
      .flatMap((it): [number, number][] => {
        const u = picked.get(it.report.id) ?? it.candidates[0]?.id;
        return u === undefined ? [] : [[it.report.id, u]];
      });

  return (
    <Card size="small" className="block">
      {error && <Typography.Text type="danger">读取待确认列表失败：{error}</Typography.Text>}
      <Space className="bulk-bar" wrap>
        <Typography.Text>
          {items.length} 份报告的单位需要确认{selected.length ? `，已选 ${selected.length} 份` : ''}
        </Typography.Text>
        <Button
          disabled={selected.length === 0 || bulkPairs().length === 0}
          loading={saving}
          onClick={() => void assign(bulkPairs())}
          data-testid="review-assign-selected"
        >
          所选报告按已选或首个候选单位确定
        </Button>
      </Space>
      <Table<ReviewItem>
        data-testid="review-table"
        rowKey={(it) => it.report.id}
        size="small"
        loading={loading}
        columns={columns}
        dataSource={items}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(Number)) }}
        scroll={{ x: 860 }}
        pagination={{ defaultPageSize: 50, showTotal: (t) => `共 ${t} 份` }}
        locale={{ emptyText: '没有待确认的报告' }}
      />
    </Card>
  );
}
