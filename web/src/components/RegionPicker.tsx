/**
 * Pick a region (省/市/县…): the places of the stored reports (placed by their own names when no
 * unit list says otherwise) and of the known units, each with how many current reports it
 * holds; any level can be chosen.
 */
import { ROUTES } from '../../../src/server/routes';
import { Cascader } from 'antd';
import { useMemo } from 'react';
import type { RegionList } from '../lib/api';
import { regionChain, regionTree, type RegionNode } from '../lib/regions';
import { useJson } from '../lib/useJson';

export function RegionPicker({ value, onChange, width = 220 }: { value: string | null; onChange: (v: string | null) => void; width?: number }) {
  const regions = useJson<RegionList>(ROUTES.regions.path());
  const options = useMemo(() => {
    const count = new Map((regions.data?.items ?? []).map((r) => [r.region, r.reports] as const));
    const label = (ns: RegionNode[]): RegionNode[] =>
      ns.map((n) => ({ ...n, label: `${n.label}（${count.get(n.value) ?? 0}）`, ...(n.children ? { children: label(n.children) } : {}) }));
    return label(regionTree(regions.data?.items.map((r) => r.region) ?? []));
  }, [regions.data]);
  return (
    <Cascader
      data-testid="filter-region"
      style={{ width, maxWidth: '100%' }}
      options={options}
      value={regionChain(value)}
      changeOnSelect
      allowClear
      showSearch
      placeholder="地区"
      // Before the regions arrive (a region given in the address), the chosen options are not known yet: show the path.
      displayRender={(_labels, selected) => {
        const last = selected?.[selected.length - 1];
        return last ? String(last.value) : (value ?? '');
      }}
      onChange={(v) => {
        const last = Array.isArray(v) ? v[v.length - 1] : undefined;
        onChange(typeof last === 'string' ? last : null);
      }}
      notFoundContent={regions.loading ? '加载中…' : '还没有地区：上传报告或导入单位名录后出现'}
    />
  );
}
