/**
 * The findings of one report, grouped by severity. Clicking one selects its cells and its
 * place in the source; each can be confirmed or dismissed with a comment, one by one or a
 * whole group at once.
 */
import { useState } from 'react';
import { ROUTES } from '../../../src/server/routes';
import { Button, Empty, Input, Modal, Segmented, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import type { RuleList, StoredFinding } from '../lib/api';
import { useJson } from '../lib/useJson';
import { DECISION_LABEL, ruleGroupLabel, SEVERITY_COLOR, SEVERITY_LABEL, type Severity } from '../lib/labels';

export type DecisionKind = 'confirmed' | 'dismissed';

interface Props {
  findings: StoredFinding[];
  selectedKey: string | null;
  /** Keys of findings naming the selected cell (lit up softly). */
  relatedKeys: ReadonlySet<string>;
  onSelect: (f: StoredFinding) => void;
  onDecide: (fs: StoredFinding[], decision: DecisionKind, comment: string) => Promise<void>;
}

const ORDER: Severity[] = ['error', 'warning', 'info'];

/** Whether a message already shows a value (so 实际/应为 would repeat it). */
function saysValue(message: string, v: unknown): boolean {
  if (v === undefined) return true;
  if (v === null) return false;
  return message.includes(String(v));
}

/**
 * A finding's message and note. A long one (a table naming many rows) is folded: the message to
 * three lines and the note hidden, until 展开全文.
 */
function FindingMessage({ text, note }: { text: string; note: string | undefined }) {
  const [open, setOpen] = useState(false);
  const long = text.length + (note?.length ?? 0) > 160;
  const folded = long && !open;
  return (
    <>
      <div className={`finding-msg${folded ? ' finding-msg-folded' : ''}`} data-testid="finding-msg" data-folded={folded ? 'true' : undefined}>
        {text}
      </div>
      {note && !folded && <div className="finding-note">{note}</div>}
      {long && (
        <Button
          type="link"
          size="small"
          className="finding-more"
          data-testid="finding-more"
          onClick={(e) => {
            e.stopPropagation();
            setOpen(!open);
          }}
        >
          {open ? '收起' : '展开全文'}
        </Button>
      )}
    </>
  );
}

export function FindingsPanel({ findings, selectedKey, relatedKeys, onSelect, onDecide }: Props) {
  const rules = useJson<RuleList>(ROUTES.rules.path());
  const ruleText = (id: string): string | undefined => rules.data?.items.find((r) => r.id === id)?.description;
  const [filter, setFilter] = useState<'all' | Severity>('all');
  const [showDismissed, setShowDismissed] = useState(false);
  const [asking, setAsking] = useState<{ fs: StoredFinding[]; decision: DecisionKind } | null>(null);
  const [comment, setComment] = useState('');
  const [saving, setSaving] = useState(false);

  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  const dismissed = findings.filter((f) => f.decision?.decision === 'dismissed').length;
  const shown = findings.filter((f) => (filter === 'all' || f.severity === filter) && (showDismissed || f.decision?.decision !== 'dismissed'));

  const ask = (fs: StoredFinding[], decision: DecisionKind): void => {
    setComment(fs.length === 1 ? (fs[0]!.decision?.comment ?? '') : '');
    setAsking({ fs, decision });
  };

  return (
    <div className="findings" data-testid="findings">
      <div className="findings-bar">
        <Segmented
          size="small"
          value={filter}
          onChange={(v) => setFilter(v as 'all' | Severity)}
          options={[{ value: 'all', label: `全部 ${findings.length}` }, ...ORDER.map((s) => ({ value: s, label: `${SEVERITY_LABEL[s]} ${count(s)}` }))]}
        />
        {dismissed > 0 && (
          <Space size={4}>
            <Switch size="small" checked={showDismissed} onChange={setShowDismissed} />
            <Typography.Text type="secondary" className="small">
              显示已忽略（{dismissed}）
            </Typography.Text>
          </Space>
        )}
      </div>
      {findings.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有发现问题" />}
      {ORDER.map((sev) => {
        const group = shown.filter((f) => f.severity === sev);
        if (group.length === 0) return null;
        const open = group.filter((f) => !f.decision);
        return (
          <section key={sev} className={`finding-group finding-group-${sev}`} data-testid={`finding-group-${sev}`}>
            <div className="finding-group-head">
              <Tag color={SEVERITY_COLOR[sev]}>
                {SEVERITY_LABEL[sev]}（{group.length}）
              </Tag>
              {open.length > 1 && (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => ask(open, 'confirmed')} data-testid={`confirm-all-${sev}`}>
                    本组未处理的全部确认
                  </Button>
                  <Button size="small" type="link" onClick={() => ask(open, 'dismissed')} data-testid={`dismiss-all-${sev}`}>
                    全部忽略
                  </Button>
                </Space>
              )}
            </div>
            {group.map((f) => (
              <FindingItem
                key={f.key}
                f={f}
                selected={f.key === selectedKey}
                related={relatedKeys.has(f.key)}
                onSelect={() => onSelect(f)}
                onAsk={(d) => ask([f], d)}
                ruleText={ruleText}
              />
            ))}
          </section>
        );
      })}
      <Modal
        open={asking !== null}
        title={asking ? `${asking.decision === 'confirmed' ? '确认' : '忽略'}${asking.fs.length > 1 ? ` ${asking.fs.length} 个` : '这个'}问题` : ''}
        okText={asking?.decision === 'confirmed' ? '确认' : '忽略'}
        cancelText="取消"
        confirmLoading={saving}
        onCancel={() => setAsking(null)}
        onOk={async () => {
          if (!asking) return;
          setSaving(true);
          try {
            await onDecide(asking.fs, asking.decision, comment.trim());
            setAsking(null);
          } finally {
            setSaving(false);
          }
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {asking?.decision === 'confirmed' ? '确认的问题会写入问题清单，退回单位修改。' : '忽略的问题不再标红，也不写入问题清单。'}
        </Typography.Paragraph>
        <Input.TextArea
          data-testid="decision-comment"
          rows={3}
          maxLength={2000}
          showCount
          placeholder="备注（可不填）"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </Modal>
    </div>
  );
}

function FindingItem({
  f,
  selected,
  related,
  onSelect,
  onAsk,
  ruleText,
}: {
  f: StoredFinding;
  selected: boolean;
  related: boolean;
  onSelect: () => void;
  onAsk: (d: DecisionKind) => void;
  ruleText?: (id: string) => string | undefined;
}) {
  const d = f.decision;
  // 实际/应为 only when the message does not already say both.
  const hasAE = (f.actual !== undefined || f.expected !== undefined) && !(saysValue(f.message, f.actual) && saysValue(f.message, f.expected));
  return (
    <div
      className={`finding finding-${f.severity}${selected ? ' finding-selected' : ''}${related ? ' finding-related' : ''}${d?.decision === 'dismissed' ? ' finding-dismissed' : ''}`}
      data-testid="finding"
      data-key={f.key}
      data-rule={f.rule}
      data-severity={f.severity}
      data-selected={selected ? 'true' : undefined}
      onClick={onSelect}
      role="button"
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onSelect();
      }}
    >
      <FindingMessage text={f.message} note={f.note} />
      <div className="finding-meta">
        <Tooltip title={`${ruleText?.(f.rule) ?? ''}（规则 ${f.rule}）`}>
          <Tag className="rule-tag" data-testid="finding-group">
            {ruleGroupLabel(f.rule)}
          </Tag>
        </Tooltip>
        {hasAE && (
          <Typography.Text type="secondary" className="small">
            {f.actual !== undefined && <>实际：{f.actual === null ? '无' : String(f.actual)} </>}
            {f.expected !== undefined && <>应为：{f.expected === null ? '无' : String(f.expected)}</>}
          </Typography.Text>
        )}
        {f.line !== undefined && (
          <Typography.Text type="secondary" className="small">
            第 {f.line} 行
          </Typography.Text>
        )}
        {f.page !== undefined && (
          <Typography.Text type="secondary" className="small">
            第 {f.page} 页
          </Typography.Text>
        )}
        <span className="finding-actions" onClick={(e) => e.stopPropagation()}>
          {d && (
            <Tag color={d.decision === 'confirmed' ? 'blue' : 'default'} data-testid="finding-decision">
              {DECISION_LABEL[d.decision]}
            </Tag>
          )}
          <Button
            size="small"
            type={d?.decision === 'confirmed' ? 'primary' : 'default'}
            ghost={d?.decision === 'confirmed'}
            data-testid="finding-confirm"
            onClick={() => onAsk('confirmed')}
          >
            确认
          </Button>
          <Button size="small" data-testid="finding-dismiss" onClick={() => onAsk('dismissed')}>
            忽略
          </Button>
        </span>
      </div>
      {d?.comment && <div className="finding-comment">备注：{d.comment}</div>}
    </div>
  );
}
