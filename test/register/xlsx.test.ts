import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { REGISTER_COLUMNS } from '../../src/register/columns.js';
import { REGISTER_SHEET, exportRegisterXlsx, importRegisterXlsx, registerTemplateXlsx } from '../../src/register/xlsx.js';
import { generateRegister } from './generate.js';
import { row } from './helpers.js';

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}
async function save(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
/** 1-based column of a header in the register sheet. */
const colOf = (header: string): number => REGISTER_COLUMNS.findIndex((c) => c.header === header) + 1;

/** A workbook with the template's header and the given rows of cells by header. */
async function sheetWith(rows: Record<string, ExcelJS.CellValue>[]): Promise<Uint8Array> {
  const wb = await load(await registerTemplateXlsx());
  const ws = wb.getWorksheet(REGISTER_SHEET)!;
  rows.forEach((r, i) => {
    for (const [h, v] of Object.entries(r)) ws.getCell(i + 2, colOf(h)).value = v;
  });
  return save(wb);
}

describe('the template', () => {
  it('has the Chinese headers, value lists and notes; importing it gives an empty register', async () => {
    const wb = await load(await registerTemplateXlsx());
    const ws = wb.getWorksheet(REGISTER_SHEET)!;
    expect(ws.getCell(1, 1).value).toBe('编号');
    expect(ws.getCell(1, colOf('办理结果')).value).toBe('办理结果');
    expect(ws.getCell(2, colOf('申请渠道')).dataValidation?.type).toBe('list');
    expect(wb.getWorksheet('取值')!.getCell(2, 3).value).toBe('予以公开');
    expect(wb.getWorksheet('填写说明')).toBeDefined();
    const back = await importRegisterXlsx(await registerTemplateXlsx());
    expect(back).toMatchObject({ ok: true, rows: [], total: 0, rejected: [] });
  });
});

describe('round trip', () => {
  it('a generated register exported and imported is the same register', async () => {
    const rows = generateRegister(77, 250, 2023, 2025).map((g) => g.row);
    const bytes = await exportRegisterXlsx(rows, { asOf: '2025-06-30' });
    const back = await importRegisterXlsx(bytes);
    expect(back.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(back.ok).toBe(true);
    expect(back.total).toBe(rows.length);
    expect(back.rows).toEqual(rows);
    const wb = await load(bytes);
    expect(wb.getWorksheet('办理期限')!.rowCount).toBe(rows.length + 1);
  });

  it('a row with every field filled survives', async () => {
    const full = row({
      id: '2024-依-0001',
      applicantKey: '91110000XXXXXXXX',
      applicantType: 'legalService',
      applicantTypeRaw: '律师事务所',
      channel: 'online',
      submittedAt: '2024-03-01',
      confirmedAt: '2024-03-04',
      subject: '某地块征收补偿方案',
      splitFrom: '2024-依-0000',
      correctionNoticeDate: '2024-03-06',
      correctionDueDate: '2024-03-20',
      correctionReceivedDate: '2024-03-11',
      consultations: [
        { kind: 'thirdParty', from: '2024-03-12', to: '2024-03-20' },
        { kind: 'thirdParty', from: '2024-03-25', to: null },
        { kind: 'otherAgency', from: '2024-03-13', to: '2024-03-18' },
      ],
      extension: { days: 15, approvedDate: '2024-04-01', noticeDate: '2024-04-02' },
      art35: { reasonRequestDate: '2024-03-05', delayedDueDate: '2024-06-30' },
      outcome: 'denied.processInfo',
      replyDate: '2024-05-20',
      fee: {
        method: 'perPage',
        pages: 120,
        noticeDate: '2024-04-10',
        noticeReceivedDate: '2024-04-11',
        amountYuan: 1100,
        paidDate: '2024-04-15',
        paidAmountYuan: 1100,
        waived: false,
      },
      review: { filedDate: '2024-06-01', result: 'corrected', decidedDate: '2024-08-01' },
      litigation: { afterReview: true, filedDate: '2024-08-20', result: null, decidedDate: null },
      notes: '=SUM(A1) 不是公式',
    });
    const back = await importRegisterXlsx(await exportRegisterXlsx([full]));
    expect(back.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(back.rows).toEqual([full]);
  });
});

describe('import: bad rows rejected with their row number, nothing half-imported', () => {
  it('one bad row in a file of good ones: no row imported, the bad one named by row, column and reason', async () => {
    const rows = generateRegister(5, 12, 2024, 2024).map((g) => g.row);
    const wb = await load(await exportRegisterXlsx(rows));
    wb.getWorksheet(REGISTER_SHEET)!.getCell(5, colOf('申请渠道')).value = '飞鸽传书';
    const back = await importRegisterXlsx(await save(wb));
    expect(back.ok).toBe(false);
    expect(back.rows).toEqual([]);
    expect(back.total).toBe(12);
    expect(back.rejected).toEqual([5]);
    const cell = back.messages.find((m) => m.rule === 'R.import.cell')!;
    expect(cell).toMatchObject({ line: 5, field: 'channel', severity: 'error' });
    expect(cell.message).toBe(
      '第5行「申请渠道」列：无法识别的申请渠道「飞鸽传书」，应为当面提交、口头提出、邮寄（签收）、平常信函、互联网、传真、电子邮件、其他',
    );
    expect(back.messages[0]!.message).toContain('全部12行均未导入');
  });

  it('each kind of bad cell and bad row, each with its own reason', async () => {
    const ok = { 编号: 'R-1', 申请人标识: 'P', 申请人类别: '自然人', 申请渠道: '当面', 提交日期: '2024-03-04', 申请内容: '某信息' };
    const bytes = await sheetWith([
      ok,
      { ...ok, 编号: 'R-2', 提交日期: '2024-02-30' },
      { ...ok, 编号: 'R-3', 申请人类别: '外星人' },
      { ...ok, 编号: 'R-4', 办理结果: '予以公开' },
      { ...ok, 编号: 'R-5', 申请渠道: '互联网' },
      { ...ok, 编号: 'R-1' },
      { ...ok, 编号: 'R-7', 延期工作日数: 25 },
      { ...ok, 编号: 'R-8', 收费方式: '按件', '收费金额（元）': '100' },
      { ...ok, 编号: 'R-9', 答复日期: '2024-03-01', 办理结果: '予以公开' },
      { ...ok, 编号: '', 申请内容: '' },
    ]);
    const back = await importRegisterXlsx(bytes);
    expect(back.ok).toBe(false);
    expect(back.rows).toEqual([]);
    expect(back.rejected).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const at = (line: number): string =>
      back.messages
        .filter((m) => m.line === line && m.severity === 'error')
        .map((m) => m.message)
        .join(' | ');
    expect(at(3)).toBe('第3行「提交日期」列：「2024-02-30」不是有效日期');
    expect(at(4)).toContain('第4行「申请人类别」列：无法识别的申请人类别「外星人」');
    expect(at(5)).toBe('第5行「答复日期」列：已填写办理结果「予以公开」，但未填写答复日期');
    expect(at(6)).toContain('第6行「确认收到日期」列');
    expect(at(7)).toBe('第7行「编号」列：编号「R-1」重复（第2行已有）');
    expect(at(8)).toBe('第8行「延期工作日数」列：应不大于20');
    expect(at(9)).toBe('第9行「收费通知日期」列：未填写（必填）');
    expect(at(10)).toBe('第10行「答复日期」列：2024年3月1日早于「提交日期」2024年3月4日');
    expect(at(11)).toContain('第11行「编号」列：未填写（必填）');
    expect(at(11)).toContain('第11行「申请内容」列：未填写（必填）');
  });

  it('reads the ways people write cells: full-width digits, Chinese dates, Excel dates and serials, labels with list numbers, synonyms', async () => {
    const bytes = await sheetWith([
      {
        编号: 'W-1',
        申请人标识: 'Q',
        申请人类别: '律师事务所',
        申请渠道: '邮寄',
        签收日期: '２０２４年３月５日',
        申请内容: '某信息',
        办理结果: '（三）不予公开-1.属于国家秘密',
        答复日期: new Date(Date.UTC(2024, 3, 2)),
        收费方式: '按量',
        计费页数: '４５页',
        收费通知日期: 45373, // Excel serial of 2024-03-22
        '收费金额（元）': '１５０元',
        征求第三方意见期间: '2024/3/6 ～ 2024.3.8；2024-03-11至',
      },
    ]);
    const back = await importRegisterXlsx(bytes);
    expect(back.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(back.rows[0]).toMatchObject({
      applicantType: 'legalService',
      applicantTypeRaw: '律师事务所',
      channel: 'postSigned',
      signedAt: '2024-03-05',
      outcome: 'denied.stateSecret',
      replyDate: '2024-04-02',
      fee: { method: 'perPage', pages: 45, noticeDate: '2024-03-22', amountYuan: 150 },
      consultations: [
        { kind: 'thirdParty', from: '2024-03-06', to: '2024-03-08' },
        { kind: 'thirdParty', from: '2024-03-11', to: null },
      ],
    });
  });

  it('a configured mapping of applicant types (universities as research institutes)', async () => {
    const bytes = await sheetWith([{ 编号: 'U-1', 申请人标识: 'U', 申请人类别: '高等院校', 申请渠道: '当面', 提交日期: '2024-03-04', 申请内容: '某信息' }]);
    expect((await importRegisterXlsx(bytes)).ok).toBe(false);
    const mapped = await importRegisterXlsx(bytes, { applicantMapping: { 高等院校: 'research' } });
    expect(mapped.ok).toBe(true);
    expect(mapped.rows[0]).toMatchObject({ applicantType: 'research', applicantTypeRaw: '高等院校' });
  });

  it('never throws: not a spreadsheet, an empty file, a sheet without the header', async () => {
    const notXlsx = await importRegisterXlsx(new TextEncoder().encode('编号,申请渠道\n1,当面'));
    expect(notXlsx).toMatchObject({ ok: false, rows: [] });
    expect(notXlsx.messages[0]!.message).toContain('不是XLSX');
    expect((await importRegisterXlsx(new Uint8Array())).ok).toBe(false);
    const broken = new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]);
    expect((await importRegisterXlsx(broken)).messages[0]!.message).toContain('无法');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['名称', '地区']);
    const noHeader = await importRegisterXlsx(await save(wb));
    expect(noHeader.ok).toBe(false);
    expect(noHeader.messages[0]!.message).toContain('未找到表头');
  });

  it('a header missing a required column is refused; an unknown column is ignored with a warning', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(REGISTER_SHEET);
    ws.addRow(['编号', '申请渠道', '申请人类别', '申请内容', '自定义列']);
    ws.addRow(['M-1', '当面', '自然人', '某信息', 'x']);
    const back = await importRegisterXlsx(await save(wb));
    expect(back.ok).toBe(false);
    expect(back.messages[0]!.message).toBe('表头缺少必需的列：「申请人标识」');
    ws.getCell(1, 6).value = '申请人标识';
    ws.getCell(2, 6).value = 'M';
    ws.getCell(1, 7).value = '提交日期';
    ws.getCell(2, 7).value = '2024-03-04';
    const fixed = await importRegisterXlsx(await save(wb));
    expect(fixed.ok).toBe(true);
    expect(fixed.messages.map((m) => m.message)).toContain('第1行：「自定义列」列不是台账的列，已忽略');
  });
});
