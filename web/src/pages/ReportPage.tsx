/**
 * 报告详情: the source on the left, the findings and the three tables on the right. Selecting
 * a finding or a cell lights up the cell(s) and their place in the source, both ways.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Badge, Button, Dropdown, Result, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, FileWordOutlined, HistoryOutlined, LeftOutlined, LineChartOutlined, SwapOutlined } from '@ant-design/icons';
import { api, downloadUrl, sendJson, type Decision, type RecordCell, type ReportDetail, type StoredFinding } from '../lib/api';
import { cellKey, cellsNamedBy, isLive, severityIndex, type CellRef, type TableId } from '../lib/cells';
import {
  agencyText,
  bytesText,
  dateTimeText,
  FORMAT_LABEL,
  SEVERITY_COLOR,
  SEVERITY_LABEL,
  LIST_STATUS_COLOR,
  LIST_STATUS_LABEL,
  listStatusOf,
  STATUS_LABEL,
  TEMPLATE_LABEL,
  type Severity,
} from '../lib/labels';
import { shapesOf, t2Layout, t3Layout, t4Layout, valueRefs, type TableLayout } from '../lib/layout';
import { cellName } from '../lib/names';
import { href } from '../lib/router';
import type { Mark } from '../lib/segments';
import { useJson } from '../lib/useJson';
import { FindingsPanel, type DecisionKind } from '../components/FindingsPanel';
import { SourceView, type Focus, type PdfMark } from '../components/SourceView';
import { rowSeverities, StatutoryTable, type TableView } from '../components/StatutoryTable';
import { CellChecks, isScanned, needsCheck } from '../components/CellChecks';
import { CellCrop } from '../components/CellCrop';
import { ROUTES } from '../../../src/server/routes';
import { cellPlace } from '../lib/pdf';
import { cellsFromParams } from '../lib/analysis';
import type { CellReview, ReportSummary } from '../lib/api';

const TABLE_TITLE: Record<TableId, string> = { t2: '表二 主动公开', t3: '表三 依申请公开', t4: '表四 复议诉讼' };

interface Selection {
  findingKey: string | null;
  cells: string[];
  focus: Focus | null;
}

let nonce = 0;

/**
 * `cell=t3|granted|total` (repeatable) in the address selects those cells when the page opens:
 * the unit, compare and analysis pages link a figure to the cells it came from.
 */
export function ReportPage({ id, params }: { id: number; params: URLSearchParams }) {
  const detail = useJson<ReportDetail>(api.report(id));
  if (detail.error)
    return (
      <Result
        status={detail.error.includes('404') ? '404' : 'error'}
        title="无法打开这份报告"
        subTitle={detail.error}
        extra={<Button href={href('/')}>回到报告列表</Button>}
      />
    );
  if (!detail.data)
    return (
      <div className="page-loading">
        <Spin size="large" />
      </div>
    );
  return <ReportView d={detail.data} asked={params.getAll('cell').join(',')} />;
}

function ReportView({ d, asked }: { d: ReportDetail; asked: string }) {
  const { message } = App.useApp();
  const rec = d.record;
  const s = d.summary;
  const [decisions, setDecisions] = useState<Map<string, Decision>>(new Map());
  const findings: StoredFinding[] = useMemo(
    () => d.findings.map((f) => (decisions.has(f.key) ? { ...f, decision: decisions.get(f.key)! } : f)),
    [d.findings, decisions],
  );
  const shapes = shapesOf(rec);
  const layouts = useMemo(
    () => ({ t2: t2Layout(shapes.t2), t3: t3Layout(shapes.t3), t4: t4Layout() }) satisfies Record<TableId, TableLayout>,
    [shapes.t2, shapes.t3],
  );
  const allRefs = useMemo(() => [...valueRefs(layouts.t2), ...valueRefs(layouts.t3), ...valueRefs(layouts.t4)], [layouts]);
  const cells = useMemo(() => new Map(rec.cells.map((c) => [cellKey(c), c] as const)), [rec.cells]);
  const severity = useMemo(() => severityIndex(findings, allRefs), [findings, allRefs]);
  const template = rec.template ?? shapes.t2;

  const [tab, setTab] = useState<TableId>('t3');
  const [cellReviews, setCellReviews] = useState<CellReview[]>(d.cellReviews);
  const onCellReview = useCallback((k: string, r: CellReview | null) => setCellReviews((rs) => [...rs.filter((x) => cellKey(x) !== k), ...(r ? [r] : [])]), []);
  // Scanned numbers worth a look, in the order of the tables (see CellChecks).
  const toCheck = useMemo(
    () => (isScanned(rec.cells) ? rec.cells.filter((c) => needsCheck(c, severity.get(cellKey(c)) === 'error')) : []),
    [rec.cells, severity],
  );
  // How many numbers the recogniser read (shown when none of them needs a look: the check was made).
  const scannedCount = useMemo(() => rec.cells.filter((c) => c.confidence !== undefined).length, [rec.cells]);
  const [sel, setSel] = useState<Selection>({ findingKey: null, cells: [], focus: null });
  const one = sel.cells.length === 1 ? cells.get(sel.cells[0]!) : undefined;
  // The page around the selected cell, for a PDF or a scan (a cell not read: where its row and column cross).
  const onePlace = one && (s.format === 'pdf' || s.format === 'image') ? cellPlace(one, rec.cells) : null;

  const placeOf = useCallback(
    (c: RecordCell | undefined, f?: StoredFinding): Focus => ({
      span: f?.span ?? c?.span ?? null,
      line: f?.line ?? c?.line ?? null,
      page: f?.page ?? c?.page ?? null,
      box: c?.box ?? null,
      nonce: ++nonce,
    }),
    [],
  );

  const selectFinding = useCallback(
    (f: StoredFinding) => {
      let named = cellsNamedBy(f, allRefs).map(cellKey);
      // The first named cell that was read gives the place when the finding has none of its own.
      let first = named.map((k) => cells.get(k)).find((c) => c && (c.span || c.box));
      // A finding naming no cell but a span (OCR, prose) points at the cell read there, if any.
      if (named.length === 0 && f.span) {
        const [a, b] = f.span;
        first = rec.cells.find((c) => c.span && c.span[0] < b && c.span[1] > a);
        if (first) named = [cellKey(first)];
      }
      const table = f.table ?? first?.table;
      if (table) setTab(table);
      setSel({ findingKey: f.key, cells: named, focus: placeOf(first, f) });
      if (named.length > 0)
        requestAnimationFrame(() => document.querySelector(`.tables-pane [data-selected="true"]`)?.scrollIntoView({ block: 'center', inline: 'nearest' }));
    },
    [allRefs, cells, placeOf, rec.cells],
  );

  const selectCell = useCallback(
    (ref: CellRef | string) => {
      const k = typeof ref === 'string' ? ref : cellKey(ref);
      const c = cells.get(k);
      const table = k.split('|')[0] as TableId;
      setTab(table);
      setSel({ findingKey: null, cells: [k], focus: placeOf(c) });
      if (typeof ref === 'string')
        requestAnimationFrame(() => document.querySelector(`.tables-pane [data-selected="true"]`)?.scrollIntoView({ block: 'center', inline: 'nearest' }));
    },
    [cells, placeOf],
  );

  // Cells named in the address (a figure of the unit, compare or analysis page): selected, their table shown.
  useEffect(() => {
    const refs = cellsFromParams(
      new URLSearchParams(
        asked
          .split(',')
          .filter(Boolean)
          .map((c) => ['cell', c]),
      ),
    );
    if (!refs.length) return;
    const keys = refs.map(cellKey);
    const first = keys.map((k) => cells.get(k)).find((c) => c && (c.span || c.box)) ?? cells.get(keys[0]!);
    setTab(refs[0]!.table);
    setSel({ findingKey: null, cells: keys, focus: placeOf(first) });
    requestAnimationFrame(() => document.querySelector(`.tables-pane [data-selected="true"]`)?.scrollIntoView({ block: 'center', inline: 'nearest' }));
    // Only when the address names other cells (not when the record's maps are rebuilt).
  }, [asked]);

  const decide = useCallback(
    async (fs: StoredFinding[], decision: DecisionKind, comment: string) => {
      let failed = 0;
      for (const f of fs) {
        try {
          const saved = await sendJson<Decision>('PUT', api.decision(s.id, f.key), { decision, comment });
          setDecisions((m) => new Map(m).set(f.key, saved));
        } catch (e) {
          failed++;
          message.error(`保存失败：${e instanceof Error ? e.message : String(e)}`);
        }
      }
      if (!failed) message.success(fs.length > 1 ? `已处理 ${fs.length} 个问题` : decision === 'confirmed' ? '已确认' : '已忽略');
    },
    [s.id, message],
  );

  // Source marks: every cell with an error or warning, every live finding with a span; the selection on top.
  const { marks, pdfMarks } = useMemo(() => {
    const ms: Mark[] = [];
    const pms: PdfMark[] = [];
    for (const [k, sev] of severity) {
      if (sev === 'info') continue;
      const c = cells.get(k);
      if (!c) continue;
      if (c.span) ms.push({ start: c.span[0], end: c.span[1], kind: sev, cell: k });
      if (c.page !== undefined && c.box) pms.push({ page: c.page, box: c.box, kind: sev, cell: k, title: cellName(c, template) });
    }
    for (const f of findings) if (f.span && isLive(f) && f.severity !== 'info') ms.push({ start: f.span[0], end: f.span[1], kind: f.severity });
    const f = sel.focus;
    if (f?.span) ms.push({ start: f.span[0], end: f.span[1], kind: 'active', ...(sel.cells.length === 1 ? { cell: sel.cells[0]! } : {}) });
    if (f?.page !== null && f?.page !== undefined && f.box) pms.push({ page: f.page, box: f.box, kind: 'active', title: '当前选中' });
    return { marks: ms, pdfMarks: pms };
  }, [severity, cells, findings, sel, template]);

  const related = useMemo(() => {
    if (sel.findingKey !== null || sel.cells.length !== 1) return new Set<string>();
    const k = sel.cells[0]!;
    const ref = allRefs.find((r) => cellKey(r) === k);
    return new Set(ref ? findings.filter((f) => cellsNamedBy(f, [ref]).length > 0).map((f) => f.key) : []);
  }, [sel, allRefs, findings]);

  const view = (t: TableId): TableView => ({
    cells,
    values: (r) => rec.tables[r.table]?.[r.row]?.[r.col],
    severity,
    rowSeverity: rowSeverities(findings, t),
    selected: new Set(sel.cells),
    name: (r) => cellName(r, template),
  });

  const tableBadge = (t: TableId): Severity | null => {
    const live = findings.filter((f) => f.table === t && isLive(f));
    return live.some((f) => f.severity === 'error') ? 'error' : live.some((f) => f.severity === 'warning') ? 'warning' : null;
  };

  const fatal = d.findings.find((f) => f.fatal);

  return (
    <div className="report-page">
      <ReportHeader d={d} findings={findings} />
      {s.supersededBy !== null && (
        <Alert
          type="warning"
          showIcon
          className="report-alert"
          title={
            <span>
              这份文件已被同一单位同一年度的新文件替换。<a href={href(`/reports/${s.supersededBy}`)}>查看新版本</a>
            </span>
          }
        />
      )}
      {fatal ? (
        <Result
          status="warning"
          title="这份文件无法作为年报读取"
          subTitle={fatal.message}
          extra={
            <Button icon={<DownloadOutlined />} href={api.source(s.id, true)}>
              下载原文件
            </Button>
          }
        />
      ) : (
        <div className="report-split">
          <PaneJump />
          <div className="split-left">
            <div className="pane-title">
              原文{' '}
              <Typography.Text type="secondary">
                （{FORMAT_LABEL[s.format] ?? s.format}
                {d.pages ? `，共 ${d.pages} 页` : ''}）
              </Typography.Text>
            </div>
            <SourceView reportId={s.id} text={d.sourceText} pages={d.pages} marks={marks} pdfMarks={pdfMarks} focus={sel.focus} onPickCell={selectCell} />
          </div>
          <div className="split-right">
            <div className="findings-pane">
              <FindingsPanel findings={findings} selectedKey={sel.findingKey} relatedKeys={related} onSelect={selectFinding} onDecide={decide} />
              {toCheck.length === 0 && scannedCount > 0 && (
                <div className="cell-checks-box cell-checks-none" data-testid="cell-checks-none">
                  识别核对：{scannedCount} 个扫描识别的数值均为高置信度，且未被错误提示涉及，无待核对项
                </div>
              )}
              {toCheck.length > 0 && (
                <details className="cell-checks-box" open={toCheck.length <= 30}>
                  <summary data-testid="cell-checks-title">
                    识别核对：{toCheck.length} 个扫描数值待对照原件确认（已确认{' '}
                    {toCheck.filter((c) => cellReviews.some((r) => cellKey(r) === cellKey(c))).length}）
                  </summary>
                  <CellChecks
                    all={rec.cells}
                    reportId={s.id}
                    cells={toCheck}
                    reviews={cellReviews}
                    template={template}
                    onSaved={onCellReview}
                    onSelect={(c) => selectCell(c)}
                  />
                </details>
              )}
            </div>
            <div className="tables-pane">
              <div className="legend">
                <span className="legend-item vcell-error">错误</span>
                <span className="legend-item vcell-warning">警告</span>
                <span className="legend-item vcell-missing">缺失</span>
                <span className="legend-item vcell-derived">推算</span>
                <Typography.Text type="secondary" className="small">
                  鼠标停在格子上可看原文与读取状态；点击格子定位原文
                </Typography.Text>
              </div>
              <Tabs
                size="small"
                activeKey={tab}
                onChange={(k) => setTab(k as TableId)}
                items={(['t2', 't3', 't4'] as const).map((t) => {
                  const b = tableBadge(t);
                  return {
                    key: t,
                    label: (
                      <span data-testid={`tab-${t}`}>{b ? <Badge color={b === 'error' ? '#ff4d4f' : '#fa8c16'} text={TABLE_TITLE[t]} /> : TABLE_TITLE[t]}</span>
                    ),
                  };
                })}
              />
              {one && onePlace && (
                <div className="cell-detail" data-testid="cell-detail">
                  <Space wrap align="center">
                    <Typography.Text strong>{cellName(one, template)}</Typography.Text>
                    <CellCrop reportId={s.id} page={onePlace.page} box={onePlace.box} />
                    <span>
                      {one.status === 'read' ? '读取' : one.status === 'derived' ? '推算' : '未读出'} <b>{one.value ?? '空'}</b>
                    </span>
                    {one.confidence !== undefined && <Tag color={one.confidence < 90 ? 'orange' : 'default'}>识别置信度 {Math.round(one.confidence)}%</Tag>}
                    {(() => {
                      const r = cellReviews.find((x) => cellKey(x) === cellKey(one));
                      return r ? (
                        <Tag color={r.value === (one.value ?? null) ? 'green' : 'red'}>
                          审核人 {r.reviewer}：{r.value ?? '空'}（{dateTimeText(r.updatedAt)}）
                        </Tag>
                      ) : null;
                    })()}
                  </Space>
                </div>
              )}
              <div className="table-scroll" data-testid="table-scroll">
                {!rec.structure[tab].found && (
                  <Alert type="error" showIcon className="table-alert" title={`未在报告中找到${TABLE_TITLE[tab].slice(0, 2)}，下表为空`} />
                )}
                {tab === 't2' && rec.layout.t2 && rec.template && rec.layout.t2 !== rec.template && (
                  <Alert type="warning" showIcon className="table-alert" title={`表二按 ${rec.layout.t2} 版格式填写`} />
                )}
                <StatutoryTable layout={layouts[tab]} view={view(tab)} onPick={selectCell} />
              </div>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

/** Shown only when the panes stack (below 1100 px, app.css): jumps to each of them. */
function PaneJump() {
  const go = (selector: string) => () => document.querySelector(selector)?.scrollIntoView({ block: 'start' });
  return (
    <div className="report-jump" data-testid="report-jump">
      <Button size="small" onClick={go('.report-page .split-left')} data-testid="jump-source">
        原文
      </Button>
      <Button size="small" onClick={go('.report-page .findings-pane')} data-testid="jump-findings">
        问题
      </Button>
      <Button size="small" onClick={go('.report-page .tables-pane')} data-testid="jump-tables">
        表格
      </Button>
    </div>
  );
}

function ReportHeader({ d, findings }: { d: ReportDetail; findings: StoredFinding[] }) {
  const { message } = App.useApp();
  const [s, setSummary] = useState<ReportSummary>(d.summary);
  const [busy, setBusy] = useState(false);
  // Open findings: those the reviewer dismissed no longer count (as in the list).
  const counts = (['error', 'warning', 'info'] as const).map((sev) => [sev, findings.filter((f) => f.severity === sev && isLive(f)).length] as const);
  const setReviewed = async (reviewed: boolean): Promise<void> => {
    try {
      setSummary(await sendJson<ReportSummary>('PUT', ROUTES.review.path(s.id), { reviewed, note: null }));
      message.success(reviewed ? '已标为已审核' : '已取消审核标记');
    } catch (e) {
      message.error(`保存失败：${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <div className="report-header" data-testid="report-header">
      <div className="report-title-row">
        <Button type="text" icon={<LeftOutlined />} href={href('/')} aria-label="返回列表" />
        <Typography.Title level={4} className="report-title" data-testid="report-agency">
          {agencyText(s)}
        </Typography.Title>
        {s.year !== null && <Typography.Text className="report-year">{s.year} 年度</Typography.Text>}
        {s.status !== 'errors' && (
          <Tag color={LIST_STATUS_COLOR[listStatusOf(s)]} data-testid="report-status">
            {LIST_STATUS_LABEL[listStatusOf(s)]}
          </Tag>
        )}
        {counts.map(([sev, n]) =>
          n > 0 ? (
            <Tag key={sev} color={SEVERITY_COLOR[sev]}>
              {SEVERITY_LABEL[sev]} {n}
            </Tag>
          ) : null,
        )}
        {s.reviewedAt !== null && (
          <Tag color="green" data-testid="report-reviewed">
            已审核 {dateTimeText(s.reviewedAt)}
          </Tag>
        )}
        <div className="grow" />
        <Space wrap>
          {s.unitId !== null && s.year !== null && (
            <Button icon={<SwapOutlined />} href={href('/compare', new URLSearchParams({ b: String(s.id) }))} data-testid="report-compare-previous">
              比较上一年度
            </Button>
          )}
          {s.unitId !== null && (
            <Button icon={<LineChartOutlined />} href={href(`/units/${s.unitId}`)} data-testid="report-unit-years">
              本单位历年
            </Button>
          )}
          <Button data-testid="toggle-reviewed" onClick={() => void setReviewed(s.reviewedAt === null)}>
            {s.reviewedAt === null ? '标为已审核' : '取消已审核'}
          </Button>
          {d.history.length > 0 && (
            <Dropdown
              menu={{
                items: d.history.map((h) => ({
                  key: h.id,
                  label: (
                    <a href={href(`/reports/${h.id}`)}>
                      {dateTimeText(h.createdAt)} · {h.fileName} · {STATUS_LABEL[h.status]}
                      {h.supersededBy !== null ? '（已被替换）' : ''}
                    </a>
                  ),
                })),
              }}
            >
              <Button icon={<HistoryOutlined />} data-testid="history">
                其他版本（{d.history.length}）
              </Button>
            </Dropdown>
          )}
          <Button icon={<DownloadOutlined />} href={api.source(s.id, true)} data-testid="download-source">
            下载原文件
          </Button>
          <Button
            type="primary"
            icon={<FileWordOutlined />}
            loading={busy}
            data-testid="download-problems"
            onClick={async () => {
              setBusy(true);
              try {
                await downloadUrl(api.problems(s.id), `问题清单-${agencyText(s)}-${s.year ?? '年度不明'}.docx`);
              } catch (e) {
                message.error(`下载失败：${e instanceof Error ? e.message : String(e)}`);
              } finally {
                setBusy(false);
              }
            }}
          >
            下载问题清单
          </Button>
        </Space>
      </div>
      <div className="report-meta">
        <span>
          <b>地区</b>
          {s.region ?? '—'}
        </span>
        <span>
          <b>名录单位</b>
          {s.unitName ?? <Typography.Text type="warning">未匹配</Typography.Text>}
        </span>
        <span>
          <b>格式</b>
          {s.template ? TEMPLATE_LABEL[s.template] : '未识别'}
        </span>
        <span className="report-meta-file">
          <b>文件</b>
          <Typography.Text ellipsis={{ tooltip: s.fileName }}>{s.fileName}</Typography.Text>
          <Typography.Text type="secondary">
            （{FORMAT_LABEL[s.format] ?? s.format}，{bytesText(s.bytes)}）
          </Typography.Text>
        </span>
        <span>
          <b>上传时间</b>
          {dateTimeText(s.createdAt)}
        </span>
      </div>
    </div>
  );
}
