import { describe, expect, it } from 'vitest';
import { Matcher, placeReport, type UnitInfo } from '../../src/units/match.js';

const units: UnitInfo[] = [
  { id: 1, name: '涧西区人民政府办公室', aliases: ['区政府办'], region: null, regionCode: null },
  { id: 2, name: '人民防空办公室', aliases: [], region: '河南省/洛阳市/涧西区', regionCode: null },
  { id: 3, name: '南京市鼓楼区人民政府', aliases: [], region: null, regionCode: null },
  { id: 4, name: '鼓楼区人民政府', aliases: [], region: '福建省福州市鼓楼区', regionCode: null },
  { id: 5, name: '延津县财政局', aliases: [], region: null, regionCode: null },
  { id: 6, name: '卫辉市财政局', aliases: [], region: null, regionCode: null },
];
const m = new Matcher(units);
const names = (agency: string | null, more: Partial<{ agencyAlias: string; title: string; fileName: string }> = {}) => ({
  agency,
  agencyAlias: more.agencyAlias ?? null,
  title: more.title ?? null,
  fileName: more.fileName ?? null,
});

describe('matching reports to units', () => {
  it('by the same name or an alias', () => {
    expect(m.match(names('涧西区人民政府办公室'))).toMatchObject({ status: 'matched', unitId: 1 });
    expect(m.match(names('涧西区 人民政府办公室'))).toMatchObject({ status: 'matched', unitId: 1 });
    expect(m.match(names(null, { agencyAlias: '区政府办' }))).toMatchObject({ status: 'matched', unitId: 1 });
  });

  it('by the agency type in the same place (short and long forms)', () => {
    expect(m.match(names('洛阳市涧西区人民政府办公室'))).toMatchObject({ status: 'matched', unitId: 1 });
    expect(m.match(names('涧西区政府办'))).toMatchObject({ status: 'matched', unitId: 1 });
    // The unit's region comes from the list: its name alone names no place.
    expect(m.match(names('涧西区国防动员办公室'))).toMatchObject({ status: 'matched', unitId: 2 });
    // 区国动办 names no place: the one unit of that type.
    expect(m.match(names('区国动办'))).toMatchObject({ status: 'matched', unitId: 2 });
    // Same type in another place: no.
    expect(m.match(names('西工区人民防空办公室'))).toMatchObject({ status: 'unmatched', unitId: null });
  });

  it('sends an ambiguous place to review with the candidates, even when a name is the same', () => {
    const r = m.match(names('鼓楼区人民政府'));
    expect(r.status).toBe('ambiguous');
    expect(r.unitId).toBeNull();
    expect(r.candidates.sort()).toEqual([3, 4]);
    expect(r.region.status).toBe('ambiguous');
    expect(r.region.candidates).toHaveLength(4);
    // Another text of the report naming the city settles it.
    expect(m.match(names('鼓楼区人民政府', { title: '福州市鼓楼区人民政府2023年政府信息公开工作年度报告' }))).toMatchObject({ status: 'matched', unitId: 4 });
    expect(m.match(names('鼓楼区人民政府', { fileName: '南京市鼓楼区2023年报.pdf' }))).toMatchObject({ status: 'matched', unitId: 3 });
  });

  it('several units of one type and no place: ambiguous, not a pick', () => {
    const r = m.match(names('财政局'));
    expect(r).toMatchObject({ status: 'ambiguous', unitId: null });
    expect(r.candidates.sort()).toEqual([5, 6]);
    expect(m.match(names('延津县财政局'))).toMatchObject({ status: 'matched', unitId: 5 });
  });

  it('unmatched when nothing fits; no names at all is unmatched too', () => {
    expect(m.match(names('某某市无名局'))).toMatchObject({ status: 'unmatched', candidates: [] });
    expect(m.match(names(null))).toMatchObject({ status: 'unmatched', candidates: [] });
    expect(new Matcher([]).match(names('涧西区人民政府办公室'))).toMatchObject({ status: 'unmatched', region: { status: 'placed' } });
  });

  it('places a report from its agency, else alias, title or file name', () => {
    expect(placeReport(names('区国动办', { fileName: '涧西区2023年报.docx' })).division!.path).toBe('河南省/洛阳市/涧西区');
    expect(placeReport(names(null, { title: '延津县人民政府2023年政府信息公开工作年度报告' })).division!.path).toBe('河南省/新乡市/延津县');
    expect(placeReport(names('区国动办')).status).toBe('none');
  });
});
