/**
 * 台账 (#/register?unit=ID): a unit's 依申请公开 register — import the XLSX (a bad row refuses the
 * file, named by row and column), every request with its receipt day, due day in working days and
 * its state (逾期, 本周到期, 迟复), export and the template, and tables 三 and 四 of a year computed
 * from the register with the report rules' findings. A 填报单位 sees its own unit's.
 */
import { ROUTES } from '../../../src/server/routes';
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { downloadUrl, getJson, postFile, type RegisterImportResult, type RegisterTables, type RegisterView, type UnitList } from '../lib/api';
import { navigate } from '../lib/router';
import { useJson } from '../lib/useJson';

type Row = RegisterView['rows'][number];

const STATUS: Record<Row['status'], [string, string]> = {
  concluded: ['已办结', 'default'],
  open: ['办理中', 'blue'],
  awaitingCorrection: ['待补正', 'gold'],
  unknown: ['日期不全', 'default'],
};

export function RegisterPage({ params, ownUnit }: { params: URLSearchParams; ownUnit: number | null }) {
  const app = App.useApp();
  const unitId = Number(params.get('unit')) || ownUnit;
  const view = useJson<RegisterView>(unitId ? ROUTES.register.path(unitId) : null);
  const [result, setResult] = useState<RegisterImportResult | null>(null);
  const [year, setYear] = useState<number | null>(null);
  const tables = useJson<RegisterTables>(unitId && year ? ROUTES.registerTables.path(unitId, year) : null);
  const [found, setFound] = useState<UnitList['items']>([]);

  const columns: TableColumnsType<Row> = [
    { title: '编号', key: 'id', width: 120, render: (_, r) => String(r.row['id']) },
    { title: '收到日期', key: 'received', width: 110, render: (_, r) => r.received ?? '—' },
    { title: '申请人', key: 'applicant', width: 110, render: (_, r) => r.labels.applicant },
    { title: '渠道', key: 'channel', width: 100, render: (_, r) => r.labels.channel },
    { title: '申请内容', key: 'subject', width: 200, render: (_, r) => String(r.row['subject'] ?? '') },
    { title: '答复期限', key: 'due', width: 110, render: (_, r) => r.due ?? '—' },
    {
      title: '状态',
      key: 'status',
      width: 170,
      render: (_, r) => (
        <Space size={2} wrap data-testid="register-state">
          <Tag color={STATUS[r.status][1]}>{STATUS[r.status][0]}</Tag>
          {r.overdue && <Tag color="red">逾期</Tag>}
          {r.dueThisWeek && <Tag color="orange">本周到期</Tag>}
          {r.late && <Tag color="red">迟复</Tag>}
        </Space>
      ),
    },
    { title: '办理结果', key: 'outcome', render: (_, r) => r.labels.outcome ?? '—' },
  ];

  const search = (q: string): void => {
    if (!q.trim()) return setFound([]);
    void getJson<UnitList>(ROUTES.units.path({ q: q.trim(), pageSize: 30 })).then((r) => setFound(r.items));
  };

  return (
    <div className="page">
      <Card size="small" className="block" title="依申请公开台账">
        <Space wrap>
          <Select
            data-testid="register-unit"
            showSearch
            filterOption={false}
            onSearch={search}
            style={{ width: 320 }}
            placeholder="输入名称搜索单位"
            value={view.data ? view.data.unit.id : undefined}
            options={[
              ...(view.data && !found.some((u) => u.id === view.data!.unit.id) ? [{ value: view.data.unit.id, label: view.data.unit.name }] : []),
              ...found.map((u) => ({ value: u.id, label: `${u.name}${u.region ? `（${u.region}）` : ''}` })),
            ]}
            onChange={(v: number) => navigate('/register', new URLSearchParams({ unit: String(v) }))}
          />
          {unitId && (
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(file) => {
                postFile<RegisterImportResult>(ROUTES.registerImport.path(unitId), file)
                  .then((r) => {
                    setResult(r);
                    view.reload();
                    tables.reload();
                  })
                  .catch((e: unknown) => void app.message.error(`导入失败：${e instanceof Error ? e.message : String(e)}`));
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} data-testid="register-import">
                导入台账（XLSX）
              </Button>
            </Upload>
          )}
          {unitId && (
            <Button
              icon={<DownloadOutlined />}
              onClick={() => void downloadUrl(ROUTES.registerXlsx.path(unitId), '依申请公开台账.xlsx')}
              data-testid="register-export"
            >
              导出台账
            </Button>
          )}
          <Button type="link" onClick={() => void downloadUrl(ROUTES.registerTemplate.path(), '依申请公开台账-模板.xlsx')}>
            下载模板
          </Button>
        </Space>
        {result && (
          <Alert
            style={{ marginTop: 12 }}
            data-testid="register-import-result"
            type={result.ok ? 'success' : 'error'}
            showIcon
            title={result.ok ? `已导入 ${result.imported} 条申请` : `台账未导入：${result.rejected.length} 行有误（共 ${result.total} 行），请改正后重新导入`}
            description={
              result.messages.length > 0 && (
                <ul className="plain-list">
                  {result.messages.slice(0, 30).map((m, i) => (
                    <li key={i}>{m.message}</li>
                  ))}
                </ul>
              )
            }
          />
        )}
      </Card>
      {!unitId && <Empty description="请选择单位" />}
      {view.error && <Alert type="error" showIcon title={view.error} />}
      {view.data && (
        <>
          <Card size="small" className="block">
            <Space wrap data-testid="register-counts">
              <Typography.Text>共 {view.data.counts.rows} 条</Typography.Text>
              <Tag color="blue">办理中 {view.data.counts.open}</Tag>
              <Tag color={view.data.counts.overdue ? 'red' : 'default'}>逾期 {view.data.counts.overdue}</Tag>
              <Tag color={view.data.counts.dueThisWeek ? 'orange' : 'default'}>本周到期 {view.data.counts.dueThisWeek}</Tag>
              <Tag color={view.data.counts.late ? 'red' : 'default'}>迟复 {view.data.counts.late}</Tag>
              <Typography.Text type="secondary">期限按工作日计算（含法定节假日与调休），以 {view.data.asOf} 为准</Typography.Text>
            </Space>
            <Table<Row>
              data-testid="register-table"
              rowKey={(r) => String(r.row['id'])}
              size="small"
              columns={columns}
              dataSource={view.data.rows}
              scroll={{ x: 1000 }}
              pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (t) => `共 ${t} 条` }}
              locale={{ emptyText: '台账为空：下载模板填写后导入' }}
            />
          </Card>
          <Card
            size="small"
            className="block"
            title="按台账生成年报表三、表四"
            extra={
              <Select
                data-testid="register-year"
                style={{ width: 120 }}
                placeholder="年度"
                value={year ?? undefined}
                options={view.data.years.map((y) => ({ value: y, label: `${y}年度` }))}
                onChange={(v: number) => setYear(v)}
              />
            }
          >
            {!year && <Typography.Text type="secondary">选择年度后显示由台账统计的表三各行总计与核查结果。</Typography.Text>}
            {tables.data && (
              <div data-testid="register-tables">
                <Table
                  size="small"
                  rowKey="row"
                  pagination={false}
                  columns={[
                    { title: '表三行', dataIndex: 'row', key: 'row' },
                    { title: '总计', dataIndex: 'total', key: 'total', width: 100 },
                  ]}
                  dataSource={tables.data.t3Rows.map((r) => ({ row: r.name, total: tables.data!.t3[r.key]?.['total'] ?? null }))}
                />
                <Typography.Paragraph style={{ marginTop: 8 }}>
                  收费：发出收费通知 {tables.data.infoFee.noticeCount} 件，金额 {tables.data.infoFee.noticeAmount} 元；实际收取{' '}
                  {tables.data.infoFee.collectedAmount} 元
                </Typography.Paragraph>
                {tables.data.findings.length === 0 ? (
                  <Tag color="green">表三、表四勾稽关系全部满足</Tag>
                ) : (
                  <ul className="plain-list">
                    {tables.data.findings.map((f, i) => (
                      <li key={i}>{f.message}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
