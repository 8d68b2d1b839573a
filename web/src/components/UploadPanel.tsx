/**
 * Drag-and-drop upload of many reports: one request per file (so each has its own progress
 * and outcome), at most three at a time so hundreds of files do not swamp the server.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Progress, Space, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { uploadReport, type UploadOne } from '../lib/api';
import { OUTCOME_COLOR, OUTCOME_LABEL, STATUS_LABEL } from '../lib/labels';
import { href } from '../lib/router';

const PARALLEL = 3;

interface Item {
  uid: string;
  file: File;
  percent: number;
  state: 'queued' | 'uploading' | 'done' | 'failed';
  results: UploadOne[];
  error: string | null;
}

let seq = 0;

export function UploadPanel({ onUploaded }: { onUploaded: () => void }) {
  const [items, setItems] = useState<Item[]>([]);
  const running = useRef(0);
  const queue = useRef<Item[]>([]);
  const uploadedRef = useRef(onUploaded);
  uploadedRef.current = onUploaded;

  const patch = useCallback((uid: string, p: Partial<Item>) => setItems((xs) => xs.map((x) => (x.uid === uid ? { ...x, ...p } : x))), []);

  const pump = useCallback(() => {
    while (running.current < PARALLEL && queue.current.length > 0) {
      const it = queue.current.shift()!;
      running.current++;
      patch(it.uid, { state: 'uploading', percent: 0 });
      const { promise } = uploadReport(it.file, (percent) => patch(it.uid, { percent }));
      promise
        .then((r) => patch(it.uid, { state: 'done', percent: 100, results: r.results }))
        .catch((e: unknown) => patch(it.uid, { state: 'failed', error: e instanceof Error ? e.message : String(e) }))
        .finally(() => {
          running.current--;
          uploadedRef.current();
          pump();
        });
    }
  }, [patch]);

  const add = useCallback(
    (file: File) => {
      const it: Item = { uid: `u${++seq}`, file, percent: 0, state: 'queued', results: [], error: null };
      queue.current.push(it);
      setItems((xs) => [it, ...xs]);
      // Let antd hand over every file of the drop first, then start.
      setTimeout(pump, 0);
    },
    [pump],
  );

  useEffect(() => () => void (queue.current = []), []);

  const outcomes = items.flatMap((i) => i.results);
  const count = (o: UploadOne['outcome']): number => outcomes.filter((r) => r.outcome === o).length;
  const busy = items.some((i) => i.state === 'queued' || i.state === 'uploading');

  return (
    <div className="upload-panel">
      <div data-testid="upload-dragger">
        <Upload.Dragger
          multiple
          showUploadList={false}
          beforeUpload={(file) => {
            add(file);
            return false;
          }}
        >
          <div className="upload-drop">
            <InboxOutlined className="upload-drop-icon" />
            <div>
              <div className="upload-drop-text">把年报文件拖到这里，或点击选择（可一次选多个）</div>
              <div className="upload-drop-hint">支持 PDF、Word（docx）、网页（html）和文本文件；同一单位同一年度的新文件会替换旧版本</div>
            </div>
          </div>
        </Upload.Dragger>
      </div>
      {items.length > 0 && (
        <div className="upload-results" data-testid="upload-results">
          <Space wrap className="upload-summary">
            <Typography.Text>
              共 {items.length} 个文件{busy ? `，${items.filter((i) => i.state !== 'done' && i.state !== 'failed').length} 个进行中` : ''}：
            </Typography.Text>
            {(['new', 'superseded', 'duplicate', 'rejected'] as const).map((o) => (
              <Tag key={o} color={OUTCOME_COLOR[o]}>
                {OUTCOME_LABEL[o]} {count(o)}
              </Tag>
            ))}
            {items.some((i) => i.state === 'failed') && <Tag color="red">上传失败 {items.filter((i) => i.state === 'failed').length}</Tag>}
            <Button size="small" disabled={busy} onClick={() => setItems([])}>
              清空列表
            </Button>
          </Space>
          <div className="upload-list">
            {items.map((it) => (
              <UploadRow key={it.uid} item={it} />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

function UploadRow({ item }: { item: Item }) {
  const r = item.results[0];
  return (
    <div className="upload-row" data-testid="upload-item" data-state={item.state} data-outcome={r?.outcome ?? ''}>
      <Typography.Text className="upload-name" ellipsis={{ tooltip: item.file.name }}>
        {item.file.name}
      </Typography.Text>
      <div className="upload-progress">
        {item.state === 'queued' && <Typography.Text type="secondary">等待上传</Typography.Text>}
        {item.state === 'uploading' && <Progress percent={item.percent} size="small" status="active" />}
        {item.state === 'failed' && <Tag color="red">上传失败</Tag>}
        {item.state === 'done' &&
          item.results.map((x, i) => (
            <Tag key={i} color={OUTCOME_COLOR[x.outcome]}>
              {OUTCOME_LABEL[x.outcome]}
            </Tag>
          ))}
      </div>
      <div className="upload-detail">
        {item.error && <Typography.Text type="danger">{item.error}</Typography.Text>}
        {item.results.map((x, i) => (
          <span key={i}>
            {x.agency && <span>{x.agency} </span>}
            {x.year !== null && <span>{x.year}年 </span>}
            {x.status === 'unreadable' && <Tag>{STATUS_LABEL.unreadable}</Tag>}
            {x.errors > 0 && <Tag color="red">错误 {x.errors}</Tag>}
            {x.warnings > 0 && <Tag color="orange">警告 {x.warnings}</Tag>}
            {x.message && <Typography.Text type={x.outcome === 'rejected' ? 'danger' : 'secondary'}>{x.message}</Typography.Text>}
            {x.id !== null && (
              <a href={href(`/reports/${x.id}`)} className="upload-open">
                查看
              </a>
            )}
          </span>
        ))}
      </div>
    </div>
  );
}
