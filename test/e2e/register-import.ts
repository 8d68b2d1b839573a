/** The register page's import, as the e2e tests drive it: a workbook with one bad row, and the file input. */
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { REGISTER_COLUMNS, REGISTER_SHEET, exportRegisterXlsx, type RegisterRow } from '../../src/register/index.js';

/** The register of `rows` as XLSX with 申请渠道 of sheet row `row` made unreadable (飞鸽传书). */
export async function registerWithBadChannel(rows: RegisterRow[], row: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await exportRegisterXlsx(rows)) as unknown as ArrayBuffer);
  wb.getWorksheet(REGISTER_SHEET)!.getCell(row, REGISTER_COLUMNS.findIndex((c) => c.header === '申请渠道') + 1).value = '飞鸽传书';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The file input behind the page's 导入 button. */
export const registerImportInput = (page: Page): Locator =>
  page.locator('[data-testid=register-import]').locator('xpath=ancestor::span[contains(@class,"ant-upload")]//input[@type="file"]');
