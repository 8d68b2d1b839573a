/**
 * 处理进度: the ingest queue live (PostgreSQL with `nianbao worker` processes, docs/scale.md) —
 * queued, running, done, failed, rate and time left, asked again every second; the failed files
 * with their reasons, each retried with a button (or all at once). With SQLite there is no queue:
 * uploads are parsed as they arrive, and the page says so.
 */
import { ROUTES } from '../../../src/server/routes';
import type { QueueProgressView } from '../../../src/server/contract';
import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Progress, Space, Statistic, Table, Typography } from 'antd';
import { getJson, sendJson } from '../lib/api';

const POLL_MS = 1000;

/** 1:05:03, 4:20, 12 秒. */
function duration(s: number): string {
  const t = Math.max(0, Math.round(s));
  if (t < 60) return `${t} 秒`;
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function QueuePage() {
  const { message } = AntApp.useApp();
  const [p, setP] = useState<QueueProgressView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setP(await getJson<QueueProgressView>(ROUTES.queue.path()));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(t);
  }, [load]);

  const retry = async (ids: string[], key: string): Promise<void> => {
    setBusy(key);
    try {
      const r = await sendJson<{ retried: number }>('POST', ROUTES.queueRetry.path(), { ids });
      void message.success(`已重新排队 ${r.retried} 个文件`);
      await load();
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  if (!p) return error ? <Alert type="error" title={error} /> : null;
  if (!p.enabled)
    return (
      <Card title="处理进度" data-testid="queue-page">
        <Alert
          type="info"
          title="单进程模式（SQLite）：上传的文件在服务器进程内立即解析，没有处理队列。"
          description="多台机器同时处理（省级规模）需要 PostgreSQL：设置 DATABASE_URL，再运行 nianbao worker。"
        />
      </Card>
    );
  const total = p.queued + p.running + p.done + p.failed;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="queue-page">
      <Card title="处理进度">
        <Space size="large" wrap>
          <Statistic title="排队" value={p.queued} data-testid="queue-queued" />
          <Statistic title="处理中" value={p.running} data-testid="queue-running" />
          <Statistic title="完成" value={p.done} data-testid="queue-done" />
          <Statistic title="失败" value={p.failed} data-testid="queue-failed" valueStyle={p.failed ? { color: '#cf1322' } : undefined} />
          <Statistic title="速度" value={p.rate === null ? '—' : `${p.rate.toFixed(p.rate < 10 ? 2 : 0)} 份/秒`} />
          <Statistic title="预计剩余" value={p.etaSeconds === null ? (p.queued + p.running ? '—' : '0') : duration(p.etaSeconds)} />
        </Space>
        <Progress
          percent={total ? Math.floor(((p.done + p.failed) / total) * 100) : 100}
          success={{ percent: total ? Math.floor((p.done / total) * 100) : 100 }}
          status={p.queued + p.running ? 'active' : p.failed ? 'exception' : 'success'}
        />
        <Typography.Text type="secondary">
          完成中重复 {p.duplicates} 个、未入库 {p.rejected} 个。每秒刷新。
        </Typography.Text>
      </Card>
      {p.failedFiles.length > 0 && (
        <Card
          title={`失败的文件（${p.failedFiles.length}）`}
          extra={
            <Button
              loading={busy === 'all'}
              onClick={() =>
                void retry(
                  p.failedFiles.map((f) => f.id),
                  'all',
                )
              }
            >
              全部重试
            </Button>
          }
        >
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={p.failedFiles}
            data-testid="queue-failed-list"
            columns={[
              { title: '文件', dataIndex: 'fileName' },
              { title: '原因', dataIndex: 'error', render: (e: string) => <Typography.Text type="danger">{e}</Typography.Text> },
              { title: '次数', dataIndex: 'tries', width: 70 },
              { title: '时间', dataIndex: 'failedAt', width: 180, render: (t: string | null) => (t ? new Date(t).toLocaleString('zh-CN') : '') },
              {
                title: '',
                width: 90,
                render: (_: unknown, f) => (
                  <Button size="small" loading={busy === f.id} onClick={() => void retry([f.id], f.id)}>
                    重试
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
