/** Pick a region (省/市/县…) from the regions of the known units; any level can be chosen. */
import { ROUTES } from '../../../src/server/routes';
import { Cascader } from 'antd';
import { useMemo } from 'react';
import type { UnitList } from '../lib/api';
import { regionChain, regionTree } from '../lib/regions';
import { useJson } from '../lib/useJson';

export function RegionPicker({ value, onChange, width = 220 }: { value: string | null; onChange: (v: string | null) => void; width?: number }) {
  const units = useJson<UnitList>(ROUTES.units.path());
  const options = useMemo(() => regionTree(units.data?.items.map((u) => u.region) ?? []), [units.data]);
  return (
    <Cascader
      data-testid="filter-region"
      style={{ width }}
      options={options}
      value={regionChain(value)}
      changeOnSelect
      allowClear
      showSearch
      placeholder="地区"
      displayRender={(labels) => labels.join(' / ')}
      onChange={(v) => {
        const last = Array.isArray(v) ? v[v.length - 1] : undefined;
        onChange(typeof last === 'string' ? last : null);
      }}
      notFoundContent={units.loading ? '加载中…' : '没有地区（请先导入单位名录）'}
    />
  );
}
