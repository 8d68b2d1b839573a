/** Coverage and region helpers of the web app. */
import { describe, expect, it } from 'vitest';
import { countsByYear, missingCsv, rowsIn, stateIn } from '../../web/src/lib/coverage';
import { regionChain, regionTree } from '../../web/src/lib/regions';
import type { Coverage } from '../../web/src/lib/api';

const unit = (id: number, name: string, region: string | null) => ({ id, name, aliases: [], region, regionCode: null, level: null, parentId: null });

const cov: Coverage = {
  years: [2023, 2024],
  rows: [
    {
      unit: unit(1, '甲局', '某省/某市'),
      cells: [
        { year: 2023, state: 'ok', reportId: 1 },
        { year: 2024, state: 'errors', reportId: 2 },
      ],
    },
    // 2024 left out by the server: counts as not submitted
    { unit: unit(2, '乙镇, "东"', null), cells: [{ year: 2023, state: 'unreadable', reportId: 3 }] },
    {
      unit: unit(3, '丙办', '某省'),
      cells: [
        { year: 2023, state: 'missing', reportId: null },
        { year: 2024, state: 'missing', reportId: null },
      ],
    },
  ],
};

describe('coverage', () => {
  it('counts each unit once per year, a missing year as 未报送', () => {
    expect(countsByYear(cov)).toEqual([
      { year: 2023, counts: { ok: 1, errors: 0, unreadable: 1, missing: 1 } },
      { year: 2024, counts: { ok: 0, errors: 1, unreadable: 0, missing: 2 } },
    ]);
    expect(stateIn(cov.rows[1]!, 2024)).toBe('missing');
  });

  it('filters rows by state in one year', () => {
    expect(rowsIn(cov, 2024, ['missing']).map((r) => r.unit.id)).toEqual([2, 3]);
    expect(rowsIn(cov, null, ['missing']).length).toBe(3);
  });

  it('the not-submitted list is CSV with a BOM and quoted fields', () => {
    const csv = missingCsv(cov, 2024);
    expect(csv.startsWith('\ufeff单位,地区,层级,年度,状态\r\n')).toBe(true);
    expect(csv).toContain('"乙镇, ""东""",,,2024,未报送');
    expect(csv).toContain('丙办,某省,,2024,未报送');
    expect(csv).not.toContain('甲局');
  });
});

describe('regions', () => {
  it('builds a tree whose node values are full paths, deduplicated', () => {
    const t = regionTree(['河南省/洛阳市/涧西区', '河南省/洛阳市/西工区', '河南省/郑州市', null, '河南省/洛阳市/涧西区']);
    expect(t).toHaveLength(1);
    const henan = t[0]!;
    expect(henan.value).toBe('河南省');
    const luoyang = henan.children!.find((c) => c.label === '洛阳市')!;
    expect(luoyang.value).toBe('河南省/洛阳市');
    expect(luoyang.children!.map((c) => c.value).sort()).toEqual(['河南省/洛阳市/涧西区', '河南省/洛阳市/西工区']);
    // leaves carry no empty children list (so the picker shows them as leaves)
    expect(luoyang.children![0]!.children).toBeUndefined();
  });

  it('a path as the chain of its prefixes', () => {
    expect(regionChain('a/b/c')).toEqual(['a', 'a/b', 'a/b/c']);
    expect(regionChain(null)).toEqual([]);
  });
});
