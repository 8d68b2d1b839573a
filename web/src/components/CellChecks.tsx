/**
 * 识别核对: the scanned numbers worth a look — read with low confidence, taken from the
 * recogniser's other reading, derived, or named by an error — each beside its crop of the page,
 * to confirm in one pass (Enter confirms and moves on). What the reviewer confirms is kept as the
 * reviewer's, with who and when; what was read stays as it was.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Empty, Input, InputNumber, Progress, Space, Tag, Typography } from 'antd';
import { ROUTES } from '../../../src/server/routes';
import type { TemplateId } from '../../../src/model/templates';
import { sendJson, type CellReview, type RecordCell } from '../lib/api';
import { cellKey, valueText } from '../lib/cells';
import { dateTimeText } from '../lib/labels';
import { cellName } from '../lib/names';
import { cellPlace } from '../lib/pdf';
import { CellCrop } from './CellCrop';

/** Below this confidence (0–100) a scanned number is listed even when nothing else flags it. */
export const CHECK_BELOW = 90;

/** A report read by OCR: some of its cells carry the recogniser's confidence. */
export const isScanned = (cells: readonly RecordCell[]): boolean => cells.some((c) => c.confidence !== undefined);

/**
 * A cell of a scanned report that a reviewer should compare with the page: read with low
 * confidence, not read at all (derived from the relations, or missing), or named by an error.
 */
export function needsCheck(c: RecordCell, namedByError: boolean): boolean {
  return (
    Boolean(c.flags?.includes('lowConfidence')) ||
    (c.confidence !== undefined && c.confidence < CHECK_BELOW) ||
    c.status === 'derived' ||
    c.status === 'missing' ||
    namedByError
  );
}

const REVIEWER_KEY = 'nianbao.reviewer';

interface Props {
  reportId: number;
  cells: RecordCell[];
  /** Every cell of the record (to place a cell that was not read by its row and column). */
  all: readonly RecordCell[];
  reviews: CellReview[];
  template: TemplateId;
  onSaved: (key: string, review: CellReview | null) => void;
  onSelect: (c: RecordCell) => void;
}

export function CellChecks({ reportId, cells, all, reviews, template, onSaved, onSelect }: Props) {
  const { message } = App.useApp();
  const [reviewer, setReviewer] = useState(() => localStorage.getItem(REVIEWER_KEY) ?? '');
  const byKey = useMemo(() => new Map(reviews.map((r) => [cellKey(r), r] as const)), [reviews]);
  const [values, setValues] = useState<Map<string, number | null>>(new Map());
  const inputs = useRef(new Map<string, HTMLInputElement | null>());
  const [saving, setSaving] = useState<string | null>(null);
  useEffect(() => {
    if (reviewer.trim()) localStorage.setItem(REVIEWER_KEY, reviewer.trim());
  }, [reviewer]);

  const done = cells.filter((c) => byKey.has(cellKey(c))).length;
  if (!cells.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有需要核对的识别结果" />;

  const confirm = async (c: RecordCell, i: number): Promise<void> => {
    const k = cellKey(c);
    if (!reviewer.trim()) {
      message.warning('请先填写审核人姓名');
      return;
    }
    const value = values.has(k) ? values.get(k)! : (c.value ?? null);
    setSaving(k);
    try {
      const saved = await sendJson<CellReview>('PUT', ROUTES.cellReview.path(reportId, c.table, c.row, c.col), { value, reviewer: reviewer.trim() });
      onSaved(k, saved);
      const next = cells.slice(i + 1).find((x) => !byKey.has(cellKey(x)));
      if (next) inputs.current.get(cellKey(next))?.focus();
    } catch (e) {
      message.error(`保存失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setSaving(null);
    }
  };
  const withdraw = async (c: RecordCell): Promise<void> => {
    const k = cellKey(c);
    try {
      const res = await fetch(ROUTES.cellReviewDelete.path(reportId, c.table, c.row, c.col), { method: ROUTES.cellReviewDelete.method });
      if (!res.ok && res.status !== 404) throw new Error(`HTTP ${res.status}`);
      onSaved(k, null);
    } catch (e) {
      message.error(`撤回失败：${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <div className="cell-checks" data-testid="cell-checks">
      <Space wrap className="cell-checks-bar">
        <Input
          data-testid="reviewer-name"
          size="small"
          style={{ width: 140 }}
          placeholder="审核人姓名"
          value={reviewer}
          onChange={(e) => setReviewer(e.target.value)}
          maxLength={64}
        />
        <Progress size="small" style={{ width: 160, margin: 0 }} percent={Math.round((done / cells.length) * 100)} format={() => `${done} / ${cells.length}`} />
        <Typography.Text type="secondary" className="small">
          对照原件核对识别结果；回车确认并跳到下一个。确认的数值记为审核人的，原读取结果不变。
        </Typography.Text>
      </Space>
      {cells.map((c, i) => {
        const k = cellKey(c);
        const r = byKey.get(k);
        const corrected = r !== undefined && r.value !== (c.value ?? null);
        const place = cellPlace(c, all);
        return (
          <div key={k} className="cell-check" data-testid="cell-check" data-cell={k} data-state={r ? (corrected ? 'corrected' : 'confirmed') : 'pending'}>
            <div className="cell-check-name">
              <a onClick={() => onSelect(c)}>{cellName(c, template)}</a>
              {place && (
                <Typography.Text type="secondary" className="small">
                  {' '}
                  第{place.page}页
                </Typography.Text>
              )}
            </div>
            <Space wrap align="center">
              {place ? <CellCrop reportId={reportId} page={place.page} box={place.box} /> : <Tag>原件位置不明</Tag>}
              <span>
                读取 <b data-testid="cell-check-read">{valueText(c.value) ?? '空'}</b>
                {c.confidence !== undefined && (
                  <Tag color={c.confidence < CHECK_BELOW ? 'orange' : 'default'} style={{ marginLeft: 6 }}>
                    置信度 {Math.round(c.confidence)}%
                  </Tag>
                )}
                {c.flags?.includes('lowConfidence') && <Tag color="orange">低置信度</Tag>}
                {c.status === 'derived' && <Tag color="blue">推算</Tag>}
                {c.status === 'missing' && <Tag color="red">未读出</Tag>}
              </span>
              {r ? (
                <span data-testid="cell-check-done">
                  <Tag color={corrected ? 'red' : 'green'}>{corrected ? `审核为 ${valueText(r.value) ?? '空'}` : '已确认'}</Tag>
                  <Typography.Text type="secondary" className="small">
                    {r.reviewer} {dateTimeText(r.updatedAt)}
                  </Typography.Text>
                  <Button size="small" type="link" onClick={() => void withdraw(c)}>
                    撤回
                  </Button>
                </span>
              ) : (
                <Space.Compact size="small">
                  <InputNumber
                    data-testid="cell-check-value"
                    ref={(el) => {
                      inputs.current.set(k, el);
                    }}
                    style={{ width: 110 }}
                    placeholder="原件为空"
                    value={values.has(k) ? values.get(k) : (c.value ?? null)}
                    onChange={(v) => setValues((m) => new Map(m).set(k, typeof v === 'number' ? v : null))}
                    onPressEnter={() => void confirm(c, i)}
                  />
                  <Button data-testid="cell-check-confirm" type="primary" loading={saving === k} onClick={() => void confirm(c, i)}>
                    确认
                  </Button>
                </Space.Compact>
              )}
            </Space>
          </div>
        );
      })}
    </div>
  );
}
