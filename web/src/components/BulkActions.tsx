/**
 * What a reviewer does to many chosen reports at once: confirm or dismiss one rule's findings,
 * mark them reviewed, re-check them (read and parse again), assign them a unit (asked first when
 * that would replace another report; undoable).
 */
import { useState } from 'react';
import { App, Button, Dropdown, Select, Space } from 'antd';
import { CheckOutlined, ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { ROUTES } from '../../../src/server/routes';
import { getJson, sendJson, type BulkResult, type ReportSummary, type RuleList, type UnitList } from '../lib/api';
import { assignUnits } from './assignUnits';

interface Props {
  chosen: ReportSummary[];
  rules: RuleList['items'];
  /** The rule the list is filtered by, offered first. */
  rule: string | null;
  onDone: () => void;
}

export function BulkActions({ chosen, rules, rule, onDone }: Props) {
  const app = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [decideRule, setDecideRule] = useState<string | null>(rule);
  const [unitOptions, setUnitOptions] = useState<{ value: number; label: string }[]>([]);
  const [unitId, setUnitId] = useState<number | null>(null);
  const ids = chosen.map((r) => r.id);

  const bulk = async (label: string, body: object): Promise<void> => {
    setBusy(label);
    try {
      const res = await sendJson<BulkResult>('POST', ROUTES.bulk.path(), { ...body, ids });
      app.message.success(res.message);
      onDone();
    } catch (e) {
      app.message.error(`${label}失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };

  const searchUnits = async (q: string): Promise<void> => {
    if (!q.trim()) return;
    try {
      const list = await getJson<UnitList>(ROUTES.units.path({ q: q.trim(), pageSize: 30 }));
      setUnitOptions(list.items.map((u) => ({ value: u.id, label: `${u.name}${u.region ? `（${u.region}）` : ''}` })));
    } catch {
      setUnitOptions([]);
    }
  };

  return (
    <Space wrap data-testid="bulk-actions">
      <Space.Compact>
        <Select
          data-testid="bulk-rule"
          placeholder="选择规则"
          showSearch
          optionFilterProp="label"
          style={{ width: 200 }}
          popupMatchSelectWidth={420}
          value={decideRule ?? undefined}
          options={rules.map((r) => ({ value: r.id, label: `${r.id} ${r.description}` }))}
          onChange={(v: string) => setDecideRule(v)}
        />
        <Dropdown
          disabled={!decideRule}
          menu={{
            items: [
              { key: 'confirmed', label: '确认该规则的全部问题', 'data-testid': 'bulk-confirm-rule' } as { key: string; label: string },
              { key: 'dismissed', label: '忽略该规则的全部问题', 'data-testid': 'bulk-dismiss-rule' } as { key: string; label: string },
            ],
            onClick: ({ key }) => void bulk(key === 'confirmed' ? '确认' : '忽略', { action: 'decide', rule: decideRule, decision: key }),
          }}
        >
          <Button data-testid="bulk-decide" icon={<CheckOutlined />} loading={busy === '确认' || busy === '忽略'}>
            确认/忽略
          </Button>
        </Dropdown>
      </Space.Compact>
      <Button data-testid="bulk-reviewed" loading={busy === '标为已审核'} onClick={() => void bulk('标为已审核', { action: 'review', reviewed: true })}>
        标为已审核
      </Button>
      <Button data-testid="bulk-recheck" icon={<ReloadOutlined />} loading={busy === '重新核查'} onClick={() => void bulk('重新核查', { action: 'recheck' })}>
        重新核查
      </Button>
      <Space.Compact>
        <Select
          data-testid="bulk-unit"
          placeholder="搜索单位"
          showSearch
          filterOption={false}
          style={{ width: 200 }}
          value={unitId ?? undefined}
          options={unitOptions}
          onSearch={(q) => void searchUnits(q)}
          onChange={(v: number) => setUnitId(v)}
          notFoundContent="输入名称搜索"
        />
        <Button
          data-testid="bulk-assign"
          icon={<TeamOutlined />}
          disabled={unitId === null}
          loading={busy === '指定单位'}
          onClick={async () => {
            setBusy('指定单位');
            await assignUnits(
              app,
              chosen.map((report) => ({ report, unitId })),
              onDone,
            );
            setBusy(null);
          }}
        >
          指定单位
        </Button>
      </Space.Compact>
    </Space>
  );
}
