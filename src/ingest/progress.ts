/**
 * Progress of a batch for people: a bar with counts and ETA on a terminal (cli-progress, on
 * stderr), one plain line per file otherwise (logs, CI); and the summary table at the end.
 */
import cliProgress from 'cli-progress';
import type { IngestEvent, IngestSummary } from './run.js';

export interface Progress {
  start(total: number): void;
  file(e: IngestEvent): void;
  stop(): void;
}

const LABEL: Record<IngestEvent['outcome'], string> = {
  ok: '成功',
  errors: '有错误',
  unreadable: '无法读取',
  duplicate: '重复',
  failed: '未入库',
  skipped: '跳过',
};

/** Display width: CJK and full-width characters take two columns. */
export const width = (s: string): number => {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
};
const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number): string => ' '.repeat(Math.max(0, n - width(s))) + s;

export function barProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {percentage}% | {value}/{total} | 成功 {ok} 有错误 {errors} 无法读取 {unreadable} 重复 {dup} | 剩余 {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const c = { ok: 0, errors: 0, unreadable: 0, dup: 0 };
  return {
    start: (total) => bar.start(total, 0, c),
    file(e) {
      if (e.outcome === 'ok') c.ok++;
      else if (e.outcome === 'errors') c.errors++;
      else if (e.outcome === 'unreadable' || e.outcome === 'failed') c.unreadable++;
      else if (e.outcome === 'duplicate') c.dup++;
      bar.update(e.index, c);
    },
    stop: () => bar.stop(),
  };
}

export function lineProgress(write: (s: string) => void = (s) => process.stdout.write(s)): Progress {
  let digits = 1;
  return {
    start(total) {
      digits = String(total).length;
      write(`共 ${total} 个文件\n`);
    },
    file(e) {
      const what = [e.agency, e.year !== null ? `${e.year}年度` : null].filter(Boolean).join(' ');
      const extra = [what, e.superseded ? '（替代旧版本）' : '', e.message && e.outcome !== 'ok' && e.outcome !== 'errors' ? e.message : '']
        .filter(Boolean)
        .join('  ');
      write(`[${String(e.index).padStart(digits)}/${e.total}] ${padEnd(LABEL[e.outcome], 8)} ${e.name}${extra ? `  ${extra}` : ''}\n`);
    },
    stop() {},
  };
}

export function summaryTable(s: IngestSummary): string {
  const rows: [string, number][] = [
    ['解析成功', s.ok],
    ['有错误', s.errors],
    ['无法读取', s.unreadable],
    ['重复（已入库，未改动）', s.duplicates],
    ['替代旧版本', s.superseded],
    ['未入库（无法打开等）', s.failed],
    ['跳过（压缩包内的压缩包）', s.skipped],
  ];
  const done = s.ok + s.errors + s.unreadable + s.duplicates + s.failed + s.skipped;
  rows.push(['合计', done]);
  const w = Math.max(...rows.map(([l]) => width(l)));
  const n = Math.max(...rows.map(([, v]) => String(v).length));
  const rate = s.seconds > 0 ? ` 每秒 ${((s.ok + s.errors + s.unreadable) / s.seconds).toFixed(1)} 份` : '';
  const head = s.interrupted
    ? `导入已中断（完成 ${done}/${s.total}，用时 ${s.seconds.toFixed(1)} 秒）`
    : `导入完成（${s.total} 个文件，用时 ${s.seconds.toFixed(1)} 秒${rate ? '，' + rate.trim() : ''}）`;
  const lines = [
    head,
    ...rows.map(([l, v], i) => (i === rows.length - 1 ? `  ${'-'.repeat(w + n + 2)}\n` : '') + `  ${padEnd(l, w)}  ${padStart(String(v), n)}`),
  ];
  if (s.interrupted) lines.push('再次运行同一命令即可继续：已入库的文件不会重复导入。');
  return lines.join('\n') + '\n';
}
