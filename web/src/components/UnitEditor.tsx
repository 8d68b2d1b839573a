/**
 * Edit one unit of the list (名称, 地区, 层级, 上级, 别名) or remove it. The server checks as on
 * import (a real region, no second unit of that name in the place, no parent loop) and says why
 * it refuses; the form keeps what was typed.
 */
import { ROUTES } from '../../../src/server/routes';
import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { getJson, sendJson, type Unit, type UnitDeleted, type UnitList, type UnitSaved } from '../lib/api';

const LEVELS = ['省级', '市级', '县级', '乡级', '部门'];

interface Values {
  name: string;
  region: string;
  level: string | undefined;
  parentId: number | undefined;
  aliases: string[];
}

export function UnitEditor({
  unit,
  parentName,
  onClose,
  onSaved,
}: {
  unit: Unit;
  parentName: string | null;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Unit[]>([]);
  useEffect(() => {
    if (!q.trim()) return void setFound([]);
    const ctl = new AbortController();
    const t = setTimeout(() => {
      getJson<UnitList>(ROUTES.units.path({ q: q.trim(), pageSize: 30 }), ctl.signal)
        .then((r) => setFound(r.items.filter((u) => u.id !== unit.id)))
        .catch(() => undefined);
    }, 250);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [q, unit.id]);
  const parentOptions = [
    ...(unit.parentId !== null && !found.some((u) => u.id === unit.parentId) ? [{ value: unit.parentId, label: parentName ?? `#${unit.parentId}` }] : []),
    ...found.map((u) => ({ value: u.id, label: `${u.name}${u.region ? `（${u.region}）` : ''}` })),
  ];
  const save = async (): Promise<void> => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const r = await sendJson<UnitSaved>(ROUTES.unit.method, ROUTES.unit.path(unit.id), {
        name: v.name.trim(),
        region: v.region.trim() || null,
        level: v.level ?? null,
        parentId: v.parentId ?? null,
        aliases: v.aliases,
      });
      onSaved(`已保存「${r.unit.name}」${r.rematched ? `；${r.rematched} 份报告重新对应单位` : ''}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`修改单位：${unit.name}`}
      okText="保存"
      cancelText="取消"
      onOk={() => void save()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="unit-edit-form"
        initialValues={{
          name: unit.name,
          region: unit.region ?? '',
          level: unit.level ?? undefined,
          parentId: unit.parentId ?? undefined,
          aliases: unit.aliases,
        }}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写单位名称' }]}>
          <Input data-testid="unit-edit-name" maxLength={200} />
        </Form.Item>
        <Form.Item name="region" label="地区" extra="按 省/市/县 填写，如 河南省/南阳市/卧龙区；空着则按名称中的地名">
          <Input data-testid="unit-edit-region" maxLength={200} />
        </Form.Item>
        <Form.Item name="level" label="层级">
          <Select allowClear options={LEVELS.map((l) => ({ value: l, label: l }))} />
        </Form.Item>
        <Form.Item name="parentId" label="上级">
          <Select
            showSearch
            allowClear
            filterOption={false}
            onSearch={setQ}
            options={parentOptions}
            placeholder="输入名称搜索上级单位"
            notFoundContent={q ? '没有找到' : '输入名称搜索'}
          />
        </Form.Item>
        <Form.Item name="aliases" label="别名" extra="报告中常用的其他名称、简称；输入后按回车">
          <Select mode="tags" data-testid="unit-edit-aliases" tokenSeparators={['；', ';', '、']} open={false} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon data-testid="unit-edit-error" title={error} />}
    </Modal>
  );
}

/** Ask, then remove a unit; its reports stay and are matched again. */
export function deleteUnit(app: ReturnType<typeof App.useApp>, unit: Unit, done: (message: string) => void): void {
  app.modal.confirm({
    title: `删除单位「${unit.name}」？`,
    content: '该单位的报告保留，按名称重新对应单位（可能进入待确认）；下级单位不再有上级。',
    okText: '删除',
    okButtonProps: { danger: true, ...({ 'data-testid': 'unit-delete-confirm' } as Record<`data-${string}`, string>) },
    cancelText: '取消',
    onOk: async () => {
      try {
        const r = await sendJson<UnitDeleted>(ROUTES.unitDelete.method, ROUTES.unitDelete.path(unit.id));
        done(`已删除「${unit.name}」${r.rematched ? `；${r.rematched} 份报告重新对应单位` : ''}`);
      } catch (e) {
        void app.message.error(`删除失败：${e instanceof Error ? e.message : String(e)}`);
      }
    },
  });
}
