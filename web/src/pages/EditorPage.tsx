/**
 * 填报 (#/editor?unit=ID&year=2024): a unit writes its annual report. Opened from last year's
 * stored report and the request register (the server's prefill), every cell of tables 二/三/四
 * editable in the statutory layout, sections 一–六 with what each must contain, every rule
 * running live through the server's check (the reviewer's rules and messages), findings at their
 * cells; an error is fixed or explained before submission. Saved as a draft; submitted, returned
 * with the problem list and the reviewer's comment, resubmitted, approved, published; the
 * history kept; the report downloaded as DOCX, HTML, Markdown or PDF.
 *
 * Without unit and year (#/editor): what came in (the reviewer's queue) and where to open a report.
 */
import { EDITOR_ROUTES, EDITOR_FORMATS } from '../../../src/server/editor-paths';
import { ROUTES } from '../../../src/server/routes';
import { SECTION_GUIDE } from '../../../src/editor/guide';
import { SECTIONS } from '../../../src/model/templates';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, InputNumber, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { EditableTable, type EditView, type Grid } from '../components/EditableTable';
import { ApiError, downloadUrl, errorOf, getJson, sendJson, type Me, type UnitList } from '../lib/api';
import { cellKey, names, type CellRef } from '../lib/cells';
import { cellName } from '../lib/names';
import { SEVERITY_LABEL, type Severity } from '../lib/labels';
import { t2Layout, t3Layout, t4Layout, valueRefs } from '../lib/layout';
import { href, navigate } from '../lib/router';
import { useJson } from '../lib/useJson';
import './editor.css';

type Status = 'draft' | 'submitted' | 'returned' | 'approved' | 'published';
type SectionKey = 's1' | 's2' | 's3' | 's4' | 's5' | 's6';
type Tables = { t2: Grid; t3: Grid; t4: Grid };

interface EditorFinding {
  rule: string;
  severity: Severity;
  message: string;
  table?: 't2' | 't3' | 't4';
  row?: string;
  col?: string;
  key: string;
  place: string;
  note?: string;
}

interface HistoryEvent {
  id: number;
  at: string;
  user: string;
  role: string;
  action: string;
  from: Status | null;
  to: Status;
  comment: string | null;
  attachment: string | null;
}

interface EditorView {
  unit: { id: number; name: string };
  year: number;
  status: Status;
  statusName: string;
  saved: boolean;
  /** The saved version this editor works on (null: not saved yet); sent back with a save, refused (409) when someone saved since. */
  updatedAt: string | null;
  publishedAt: string | null;
  /** Once published: the report as stored with the uploaded ones. */
  storedReportId: number | null;
  previousYear: number | null;
  /** Last year's 现行有效 by 表二 row: this year's is rolled from it (+ 制发 − 废止) until the unit writes its own. */
  inForceBefore: Record<string, number>;
  notes: string[];
  layout: { t2: '2019' | '2021' | null; t3: 'split-other' | 'single-other' | null };
  tables: Tables;
  sections: Partial<Record<SectionKey, string>>;
  explanations: Record<string, string>;
  findings: EditorFinding[];
  history: HistoryEvent[];
  may: { write: boolean; review: boolean; publish: boolean };
}

interface QueueItem {
  id: number;
  unitId: number;
  unitName: string;
  region: string | null;
  year: number;
  status: Status;
  statusName: string;
  errors: number;
  warnings: number;
  submittedAt: string | null;
  publishedAt: string | null;
  updatedAt: string;
}

const STATUS_COLOR: Record<Status, string> = { draft: 'default', submitted: 'blue', returned: 'red', approved: 'green', published: 'purple' };
const STATUS_NAME: Record<Status, string> = { draft: '草稿', submitted: '已提交', returned: '退回', approved: '已通过', published: '已发布' };
const ACTION_NAME: Record<string, string> = { create: '创建草稿', save: '保存草稿', submit: '提交', return: '退回', approve: '审核通过', publish: '发布' };
const FORMAT_NAME: Record<(typeof EDITOR_FORMATS)[number], string> = { docx: 'Word', html: 'HTML', md: 'Markdown', pdf: 'PDF' };
const SEV_COLOR: Record<Severity, string> = { error: 'red', warning: 'orange', info: 'blue' };
const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

const when = (iso: string | null): string => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');
const textOf = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

export function EditorPage({ params, me }: { params: URLSearchParams; me: Me['user'] }) {
  const unit = Number(params.get('unit')) || (me.role === 'unit' ? me.scopeUnitId : null);
  const year = Number(params.get('year')) || null;
  if (unit && year) return <ReportEditor key={`${unit}-${year}`} unitId={unit} year={year} />;
  return <Queue me={me} unit={unit} />;
}

/** What came in, and where to open a report. */
function Queue({ me, unit }: { me: Me['user']; unit: number | null }) {
  const [status, setStatus] = useState<string>(me.role === 'unit' ? '' : 'submitted');
  const queue = useJson<{ items: QueueItem[] }>(EDITOR_ROUTES.queue.path(status));
  const [found, setFound] = useState<UnitList['items']>([]);
  const [pick, setPick] = useState<number | null>(unit);
  const [year, setYear] = useState<number>(new Date().getFullYear() - 1);
  const search = (q: string): void => {
    if (!q.trim()) return setFound([]);
    void getJson<UnitList>(ROUTES.units.path({ q: q.trim(), pageSize: 30 })).then((r) => setFound(r.items));
  };
  return (
    <div className="page">
      <Card size="small" className="block" title="填写年度报告">
        <Space wrap>
          {me.role !== 'unit' && (
            <Select
              data-testid="editor-unit"
              showSearch
              filterOption={false}
              onSearch={search}
              style={{ width: 320 }}
              placeholder="输入名称搜索单位"
              value={pick ?? undefined}
              options={found.map((u) => ({ value: u.id, label: `${u.name}${u.region ? `（${u.region}）` : ''}` }))}
              onChange={(v: number) => setPick(v)}
            />
          )}
          {me.role === 'unit' && <Typography.Text strong>{me.scopeUnitName}</Typography.Text>}
          <InputNumber data-testid="editor-year" min={2008} max={2100} value={year} onChange={(v) => v && setYear(v)} />
          <span>年度</span>
          <Button
            type="primary"
            disabled={!pick}
            data-testid="editor-open"
            onClick={() => navigate('/editor', new URLSearchParams({ unit: String(pick), year: String(year) }))}
          >
            打开报告
          </Button>
        </Space>
      </Card>
      <Card
        size="small"
        className="block"
        title={me.role === 'unit' ? '本单位的报告' : '收到的报告'}
        extra={
          <Select
            data-testid="queue-status"
            style={{ width: 140 }}
            value={status}
            onChange={setStatus}
            options={[{ value: '', label: '全部状态' }, ...Object.entries(STATUS_NAME).map(([value, label]) => ({ value, label }))]}
          />
        }
      >
        {queue.error && <Alert type="error" title={queue.error} />}
        <Table<QueueItem>
          data-testid="editor-queue"
          size="small"
          rowKey="id"
          loading={queue.loading}
          dataSource={queue.data?.items ?? []}
          locale={{ emptyText: <Empty description="没有报告" /> }}
          pagination={false}
          columns={[
            {
              title: '单位',
              key: 'unit',
              render: (_, r) => <a href={href('/editor', new URLSearchParams({ unit: String(r.unitId), year: String(r.year) }))}>{r.unitName}</a>,
            },
            { title: '年度', dataIndex: 'year', width: 80 },
            { title: '状态', key: 'status', width: 90, render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{r.statusName}</Tag> },
            { title: '错误', dataIndex: 'errors', width: 70 },
            { title: '警告', dataIndex: 'warnings', width: 70 },
            { title: '提交时间', key: 'submittedAt', width: 150, render: (_, r) => when(r.submittedAt) },
            { title: '发布日期', key: 'publishedAt', width: 110, render: (_, r) => r.publishedAt ?? '—' },
          ]}
        />
      </Card>
    </div>
  );
}

function ReportEditor({ unitId, year }: { unitId: number; year: number }) {
  const app = App.useApp();
  const loaded = useJson<EditorView>(EDITOR_ROUTES.open.path(unitId, year));
  const [view, setView] = useState<EditorView | null>(null);
  const [tables, setTables] = useState<Tables | null>(null);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [sections, setSections] = useState<Partial<Record<SectionKey, string>>>({});
  const [explanations, setExplanations] = useState<Record<string, string>>({});
  const [findings, setFindings] = useState<EditorFinding[]>([]);
  const [checking, setChecking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [blockingKeys, setBlockingKeys] = useState<string[]>([]);
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const [pubDate, setPubDate] = useState(new Date().toISOString().slice(0, 10));
  const edited = useRef(false);
  /** 现行有效 cells the unit wrote itself: no longer rolled from last year's. */
  const ownInForce = useRef(new Set<string>());

  const take = (v: EditorView): void => {
    setView(v);
    setTables(v.tables);
    const t: Record<string, string> = {};
    for (const id of ['t2', 't3', 't4'] as const)
      for (const [row, cols] of Object.entries(v.tables[id])) for (const [col, val] of Object.entries(cols)) t[cellKey({ table: id, row, col })] = textOf(val);
    setTexts(t);
    setSections(v.sections);
    setExplanations(v.explanations);
    setFindings(v.findings);
    edited.current = false;
    ownInForce.current = new Set();
  };
  useEffect(() => {
    if (loaded.data) take(loaded.data);
  }, [loaded.data]);

  // Every rule, live: the tables and sections as they stand, checked by the server's check library.
  useEffect(() => {
    if (!tables || !edited.current) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      setChecking(true);
      fetch(EDITOR_ROUTES.check.path(unitId, year), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ tables, sections }),
        signal: ctl.signal,
      })
        .then(async (res) => {
          if (!res.ok) throw await errorOf(res);
          return (await res.json()) as { findings: EditorFinding[] };
        })
        .then((r) => setFindings(r.findings))
        .catch(() => undefined)
        .finally(() => {
          if (!ctl.signal.aborted) setChecking(false);
        });
    }, 350);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [tables, sections, unitId, year]);

  const layouts = useMemo(
    () => (view ? { t2: t2Layout(view.layout.t2 ?? '2021'), t3: t3Layout(view.layout.t3 ?? 'split-other'), t4: t4Layout() } : null),
    [view],
  );
  const refs = useMemo(() => (layouts ? [...valueRefs(layouts.t2), ...valueRefs(layouts.t3), ...valueRefs(layouts.t4)] : []), [layouts]);
  const marks = useMemo(() => {
    const out = new Map<string, { severity: Severity; messages: string[] }>();
    for (const f of findings) {
      if (!f.table || (f.row === undefined && f.col === undefined)) continue;
      for (const c of refs) {
        if (!names(f, c)) continue;
        const k = cellKey(c);
        const had = out.get(k);
        if (!had) out.set(k, { severity: f.severity, messages: [f.message] });
        else {
          had.messages.push(f.message);
          if (RANK[f.severity] > RANK[had.severity]) had.severity = f.severity;
        }
      }
    }
    return out;
  }, [findings, refs]);

  const writable = !!view?.may.write;
  const onChange = (ref: CellRef, text: string): void => {
    edited.current = true;
    const v = text === '' ? null : Number(text);
    const value = v !== null && Number.isFinite(v) ? v : null;
    const changes: [CellRef, string, number | null][] = [[ref, text, value]];
    // 表二 现行有效 rolled forward: last year's + 本年制发 − 本年废止, once both are written,
    // unless the unit wrote 现行有效 itself.
    const before = view?.inForceBefore[ref.row];
    if (ref.table === 't2' && ref.col === 'inForce') ownInForce.current.add(ref.row);
    else if (ref.table === 't2' && before !== undefined && (ref.col === 'issued' || ref.col === 'repealed') && !ownInForce.current.has(ref.row) && tables) {
      const row = { ...tables.t2[ref.row], [ref.col]: value };
      if (typeof row['issued'] === 'number' && typeof row['repealed'] === 'number') {
        const rolled = before + row['issued'] - row['repealed'];
        changes.push([{ table: 't2', row: ref.row, col: 'inForce' }, String(rolled), rolled]);
      }
    }
    setTexts((t) => ({ ...t, ...Object.fromEntries(changes.map(([r, x]) => [cellKey(r), x])) }));
    setTables((t) => {
      if (!t) return t;
      let out = t;
      for (const [r, , val] of changes) {
        const grid = out[r.table];
        out = { ...out, [r.table]: { ...grid, [r.row]: { ...grid[r.row], [r.col]: val } } };
      }
      return out;
    });
  };
  const template = view?.layout.t2 ?? '2021';
  const editView: EditView = { text: (r) => texts[cellKey(r)] ?? '', marks, readOnly: !writable, onChange, name: (r) => cellName(r, template) };

  const act = async (label: string, run: () => Promise<EditorView>): Promise<void> => {
    setBusy(true);
    try {
      const v = await run();
      take(v);
      setBlockingKeys([]);
      app.message.success(label);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), 0);
      app.message.error(err.message);
    } finally {
      setBusy(false);
    }
  };
  const content = () => ({ tables, sections, explanations, baseUpdatedAt: view?.updatedAt ?? null });
  const save = () => act('草稿已保存', () => sendJson<EditorView>('PUT', EDITOR_ROUTES.save.path(unitId, year), content()));
  const submit = async (): Promise<void> => {
    setBusy(true);
    try {
      const res = await fetch(EDITOR_ROUTES.submit.path(unitId, year), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(content()),
      });
      if (res.status === 422) {
        const body = (await res.json()) as { error: string; blocking: string[]; updatedAt: string };
        // Saved though not submitted: the next save goes over this version.
        setView((v) => (v ? { ...v, saved: true, updatedAt: body.updatedAt } : v));
        setBlockingKeys(body.blocking);
        app.message.error(body.error);
        return;
      }
      if (!res.ok) throw await errorOf(res);
      take((await res.json()) as EditorView);
      setBlockingKeys([]);
      app.message.success('报告已提交');
    } catch (e) {
      app.message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (loaded.error) return <Alert type="error" title={loaded.error} className="page" />;
  if (!view || !tables || !layouts) return <Card loading className="page" />;

  const errors = findings.filter((f) => f.severity === 'error');
  const unexplained = errors.filter((f) => !(explanations[f.key] ?? '').trim());
  const tableOf = (k: SectionKey) => (k === 's2' ? layouts.t2 : k === 's3' ? layouts.t3 : k === 's4' ? layouts.t4 : null);
  const lastReturn = [...view.history].reverse().find((h) => h.action === 'return');

  return (
    <div className="page editor-page">
      <Card
        size="small"
        className="block"
        title={
          <Space wrap>
            <span data-testid="editor-title">
              {view.unit.name} {view.year}年度政府信息公开工作年度报告
            </span>
            <Tag color={STATUS_COLOR[view.status]} data-testid="editor-status">
              {view.statusName}
            </Tag>
            {view.publishedAt && <Tag>发布日期 {view.publishedAt}</Tag>}
            {view.storedReportId !== null && (
              <a href={href(`/reports/${view.storedReportId}`)} data-testid="editor-stored">
                已存入报告列表
              </a>
            )}
          </Space>
        }
        extra={<a href={href('/editor')}>返回列表</a>}
      >
        {view.notes.length > 0 && (
          <Alert
            type="info"
            showIcon
            data-testid="editor-notes"
            title="已预填"
            description={
              <ul className="editor-notes">
                {view.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            }
          />
        )}
        {view.status === 'returned' && lastReturn && (
          <Alert
            type="warning"
            showIcon
            data-testid="editor-returned"
            title={`${lastReturn.user} 于 ${when(lastReturn.at)} 退回`}
            description={
              <Space orientation="vertical">
                <span>审核意见：{lastReturn.comment}</span>
                {lastReturn.attachment && (
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() => void downloadUrl(EDITOR_ROUTES.attachment.path(unitId, year, lastReturn.id), lastReturn.attachment!)}
                  >
                    问题清单（Word）
                  </Button>
                )}
              </Space>
            }
          />
        )}
        <Space wrap className="editor-actions">
          {writable && (
            <>
              <Button onClick={() => void save()} loading={busy} data-testid="editor-save">
                保存草稿
              </Button>
              <Button type="primary" onClick={() => void submit()} loading={busy} data-testid="editor-submit">
                提交审核
              </Button>
            </>
          )}
          {view.may.review && (
            <>
              <Button danger onClick={() => setReturning(true)} data-testid="editor-return">
                退回
              </Button>
              <Button
                type="primary"
                data-testid="editor-approve"
                loading={busy}
                onClick={() => void act('已审核通过', () => sendJson<EditorView>('POST', EDITOR_ROUTES.approve.path(unitId, year), { comment: '' }))}
              >
                审核通过
              </Button>
            </>
          )}
          {view.may.publish && (
            <Space.Compact>
              <Input type="date" value={pubDate} onChange={(e) => setPubDate(e.target.value)} data-testid="editor-publish-date" style={{ width: 150 }} />
              <Button
                data-testid="editor-publish"
                onClick={() => void act('已记录发布', () => sendJson<EditorView>('POST', EDITOR_ROUTES.publish.path(unitId, year), { date: pubDate }))}
              >
                记录发布
              </Button>
            </Space.Compact>
          )}
          <Typography.Text type="secondary">下载：</Typography.Text>
          {EDITOR_FORMATS.map((f) => (
            <Button
              key={f}
              size="small"
              icon={<DownloadOutlined />}
              data-testid={`editor-download-${f}`}
              onClick={() =>
                void downloadUrl(EDITOR_ROUTES.render.path(unitId, year, f), `${view.unit.name}${view.year}年度报告.${f}`).catch((e: unknown) =>
                  app.message.error(e instanceof Error ? e.message : String(e)),
                )
              }
            >
              {FORMAT_NAME[f]}
            </Button>
          ))}
          {writable && edited.current && <Typography.Text type="warning">有未保存的修改</Typography.Text>}
        </Space>
      </Card>

      <div className="editor-body">
        <div className="editor-main">
          {SECTIONS.map((s) => {
            const k = s.key as SectionKey;
            const layout = tableOf(k);
            return (
              <Card key={k} size="small" className="block" title={`${s.no}、${s.label}`} data-testid={`section-card-${k}`}>
                <Typography.Paragraph type="secondary" className="editor-guide">
                  应写明：{SECTION_GUIDE[k]}
                </Typography.Paragraph>
                <Input.TextArea
                  data-testid={`section-${k}`}
                  autoSize={{ minRows: 2, maxRows: 12 }}
                  value={sections[k] ?? ''}
                  readOnly={!writable}
                  placeholder={`${s.no}、${s.label}（未填写）`}
                  onChange={(e) => {
                    edited.current = true;
                    setSections((x) => ({ ...x, [k]: e.target.value }));
                  }}
                />
                {layout && (
                  <div className="editor-table">
                    <EditableTable layout={layout} view={editView} />
                  </div>
                )}
              </Card>
            );
          })}
        </div>
        <div className="editor-side">
          <Card
            size="small"
            className="block"
            title={
              <Space>
                核查结果
                {checking && <Typography.Text type="secondary">核查中…</Typography.Text>}
              </Space>
            }
            data-testid="editor-findings"
          >
            <Typography.Paragraph data-testid="editor-counts">
              错误 {errors.length} 项（未说明 {unexplained.length} 项），警告 {findings.filter((f) => f.severity === 'warning').length} 项，提示{' '}
              {findings.filter((f) => f.severity === 'info').length} 项
            </Typography.Paragraph>
            {unexplained.length > 0 && writable && (
              <Alert type="warning" showIcon title="有错误时不能提交：请改正，或在错误下写明原因" className="editor-blocking" />
            )}
            {findings.length === 0 && <Empty description="未发现问题" />}
            {findings.map((f) => (
              <div
                key={`${f.key}|${f.message}`}
                className={`editor-finding${blockingKeys.includes(f.key) ? ' editor-finding-blocking' : ''}`}
                data-testid="editor-finding"
                data-rule={f.rule}
                data-severity={f.severity}
              >
                <Space size={4} align="start">
                  <Tag color={SEV_COLOR[f.severity]}>{SEVERITY_LABEL[f.severity]}</Tag>
                  <span>{f.message}</span>
                </Space>
                <div className="editor-finding-place">位置：{f.place}</div>
                {f.severity === 'error' && (writable || explanations[f.key]) && (
                  <Input.TextArea
                    data-testid="editor-explain"
                    autoSize
                    readOnly={!writable}
                    placeholder="不改正时，请写明原因（说明随报告提交）"
                    value={explanations[f.key] ?? ''}
                    onChange={(e) => setExplanations((x) => ({ ...x, [f.key]: e.target.value }))}
                  />
                )}
              </div>
            ))}
          </Card>
          <Card size="small" className="block" title="办理记录" data-testid="editor-history">
            {view.history.length === 0 ? (
              <Typography.Text type="secondary">尚未保存</Typography.Text>
            ) : (
              <Timeline
                items={view.history.map((h) => ({
                  color: h.action === 'return' ? 'red' : h.to === 'published' || h.to === 'approved' ? 'green' : 'blue',
                  children: (
                    <div data-testid="editor-event">
                      <div>
                        {when(h.at)} {h.user} {ACTION_NAME[h.action] ?? h.action}
                        {h.from && h.from !== h.to ? `（${STATUS_NAME[h.from]} → ${STATUS_NAME[h.to]}）` : ''}
                      </div>
                      {h.comment && <div className="editor-event-comment">{h.comment}</div>}
                      {h.attachment && (
                        <a onClick={() => void downloadUrl(EDITOR_ROUTES.attachment.path(unitId, year, h.id), h.attachment!)} data-testid="editor-attachment">
                          {h.attachment}
                        </a>
                      )}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </div>
      </div>

      <Modal
        title="退回报告"
        open={returning}
        okText="退回"
        okButtonProps={{ danger: true, disabled: !comment.trim(), 'data-testid': 'return-ok' }}
        onCancel={() => setReturning(false)}
        onOk={() => {
          setReturning(false);
          void act('已退回，问题清单已附上', () => sendJson<EditorView>('POST', EDITOR_ROUTES.return.path(unitId, year), { comment }));
        }}
      >
        <Typography.Paragraph type="secondary">退回时将附上问题清单（Word），列出核查发现的问题和单位的说明。</Typography.Paragraph>
        <Input.TextArea data-testid="return-comment" rows={4} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="审核意见（必填）" />
      </Modal>
    </div>
  );
}
