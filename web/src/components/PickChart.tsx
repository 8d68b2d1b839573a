/**
 * One series as a line (a unit over the years) or as bars (units of a region): clicking a point
 * or a bar calls `onPick` with its index, so a figure opens the report and cells behind it.
 * Loaded on demand (React.lazy) like the coverage chart; only the line and bar charts are pulled
 * in. The wrapper carries the pixel place of every point (`data-points`, [index, x, y] relative
 * to it) once drawn, so a test can click a point as a reader does.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface PickChartProps {
  type: 'line' | 'bar';
  categories: string[];
  /** null: no value (a gap in the line, no bar), never drawn as 0. */
  values: (number | null)[];
  name: string;
  /** '%' or '件'. */
  unit: string;
  onPick: (index: number) => void;
  height?: number;
  testId?: string;
}

const fmt = (v: number, unit: string): string => (unit === '%' ? `${v.toFixed(1)}%` : `${Math.round(v * 1e4) / 1e4}${unit}`);

export default function PickChart({ type, categories, values, name, unit, onPick, height = 280, testId }: PickChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      if (typeof p.dataIndex === 'number') pick.current(p.dataIndex);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const c = chart.current;
    if (!c || !el.current) return;
    const box = el.current;
    box.removeAttribute('data-points');
    c.setOption(
      {
        animation: false,
        tooltip: {
          trigger: type === 'line' ? 'axis' : 'item',
          valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt(v, unit) : '—'),
        },
        grid: { left: 56, right: 20, top: 28, bottom: type === 'bar' ? 90 : 30 },
        xAxis: {
          type: 'category',
          data: categories,
          axisLabel: type === 'bar' ? { rotate: 35, interval: 0, width: 110, overflow: 'truncate' } : {},
        },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => (unit === '%' ? `${v}%` : String(v)) } },
        series: [
          {
            name,
            type,
            data: values,
            connectNulls: false,
            showSymbol: true,
            symbolSize: 12,
            barMaxWidth: 40,
            itemStyle: { color: '#1677ff' },
            label: { show: true, position: 'top', formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? fmt(p.value, unit) : '') },
            cursor: 'pointer',
          },
        ],
      },
      true,
    );
    const mark = () => {
      const pts: [number, number, number][] = [];
      values.forEach((v, i) => {
        if (v === null) return;
        const xy = c.convertToPixel({ seriesIndex: 0 }, type === 'bar' ? [i, v / 2] : [i, v]);
        if (Array.isArray(xy)) pts.push([i, Math.round(xy[0]!), Math.round(xy[1]!)]);
      });
      box.setAttribute('data-points', JSON.stringify(pts));
    };
    c.on('finished', mark);
    mark();
    return () => {
      c.off('finished', mark);
    };
  }, [type, categories, values, name, unit]);
  return <div ref={el} style={{ width: '100%', height, cursor: 'pointer' }} data-testid={testId} />;
}
