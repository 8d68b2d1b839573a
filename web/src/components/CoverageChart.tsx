/**
 * Counts per year and state as a stacked bar chart. Loaded on demand (React.lazy) so ECharts
 * stays out of the main bundle; only the bar chart and the parts it needs are pulled in.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { CoverageState } from '../lib/api';
import { COVERAGE_COLOR, COVERAGE_LABEL } from '../lib/labels';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface YearCounts {
  year: number;
  counts: Record<CoverageState, number>;
}

const STATES: CoverageState[] = ['ok', 'errors', 'unreadable', 'missing'];

export default function CoverageChart({ data, height = 240 }: { data: YearCounts[]; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 24 },
        xAxis: { type: 'category', data: data.map((d) => `${d.year}年度`) },
        yAxis: { type: 'value', minInterval: 1 },
        series: STATES.map((s) => ({
          name: COVERAGE_LABEL[s],
          type: 'bar',
          stack: 'all',
          barMaxWidth: 56,
          itemStyle: { color: COVERAGE_COLOR[s] },
          data: data.map((d) => d.counts[s]),
        })),
      },
      true,
    );
  }, [data]);
  return <div ref={el} style={{ width: '100%', height }} data-testid="coverage-chart" />;
}
