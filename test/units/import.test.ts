import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseUnitFile, unitsFromTable } from '../../src/units/import.js';

/** GB18030 bytes of a string (test helper: inverts TextDecoder over the two-byte range). */
function gbk(s: string): Uint8Array {
  const dec = new TextDecoder('gb18030');
  const map = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) map.set(dec.decode(new Uint8Array([a, b])), [a, b]);
  const out: number[] = [];
  for (const ch of s) out.push(...(ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : map.get(ch)!));
  return new Uint8Array(out);
}

describe('unit list import', () => {
  it('parses CSV: quotes, doubled quotes, CRLF, empty cells', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n1,,3\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['1', '', '3'],
    ]);
    expect(parseCsv('x\ty\n')).toEqual([['x', 'y']]);
  });

  it('finds columns by their header, in any order; aliases split', () => {
    const r = unitsFromTable([
      ['别名', '单位名称', '上级单位', '行政区划', '级别'],
      ['区政府办；政府办', '涧西区人民政府办公室', '涧西区人民政府', '河南省/洛阳市/涧西区', '部门'],
      ['', '', '', '', ''],
      ['', '', '', '河南省', ''],
    ]);
    expect(r.rows).toEqual([
      { line: 2, name: '涧西区人民政府办公室', region: '河南省/洛阳市/涧西区', level: '部门', parent: '涧西区人民政府', aliases: ['区政府办', '政府办'] },
    ]);
    expect(r.rejected).toEqual([{ line: 4, message: '第4行：单位名称不能为空，未导入' }]);
  });

  it('without a header, takes 名称,地区,层级,上级,别名 in order', () => {
    const r = unitsFromTable([['延津县人民政府', '河南省新乡市延津县', '县级']]);
    expect(r.rows).toEqual([{ line: 1, name: '延津县人民政府', region: '河南省新乡市延津县', level: '县级', parent: null, aliases: [] }]);
  });

  it('reads CSV in UTF-8 with BOM and in GB18030 (as Excel saves it)', async () => {
    const text = '名称,地区\r\n卧龙区人民政府,河南省南阳市卧龙区\r\n';
    const utf8 = await parseUnitFile(new TextEncoder().encode('\uFEFF' + text));
    const gb = await parseUnitFile(gbk(text));
    expect(utf8.rows.map((r) => [r.name, r.region])).toEqual([['卧龙区人民政府', '河南省南阳市卧龙区']]);
    expect(gb.rows).toEqual(utf8.rows);
  });

  it('reads XLSX (first sheet)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['名称', '地区', '层级', '上级', '别名']);
    ws.addRow(['延津县人民政府', '河南省/新乡市/延津县', '县级', '', '']);
    ws.addRow(['延津县财政局', '', '部门', '延津县人民政府', '县财政局']);
    const buf = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = await parseUnitFile(buf);
    expect(r.rejected).toEqual([]);
    expect(r.rows.map((x) => [x.line, x.name, x.region, x.level, x.parent, x.aliases])).toEqual([
      [2, '延津县人民政府', '河南省/新乡市/延津县', '县级', null, []],
      [3, '延津县财政局', null, '部门', '延津县人民政府', ['县财政局']],
    ]);
  });

  it('English headers are headers; rows whose name is not a Chinese agency name are refused with their line', () => {
    const r = unitsFromTable([
      ['name', 'region'],
      ['foo', 'bar'],
      ['package.json', ''],
      ['延津县人民政府', '河南省新乡市延津县'],
    ]);
    expect(r.rows.map((x) => [x.line, x.name])).toEqual([[4, '延津县人民政府']]);
    expect(r.rejected).toEqual([
      { line: 2, message: '第2行：「foo」不是中文机关名称，未导入' },
      { line: 3, message: '第3行：「package.json」不是中文机关名称，未导入' },
    ]);
  });

  it('refuses what is not a list', async () => {
    expect((await parseUnitFile(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))).rejected[0]!.message).toMatch(/CSV 或 XLSX/);
    expect((await parseUnitFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).rejected[0]!.message).toMatch(/XLSX/);
  });
});
