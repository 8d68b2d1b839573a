/**
 * Whether a document's text holds the statutory tables, told cheaply before its pictures are read
 * as scanned pages (pictures.ts): a report published as pictures lacks one of them in its text.
 */

/** A mark of each statutory table in any form's wording (表二, 表三, 表四). */
const TABLE_MARKS = [/规章|规范性文件/, /本年新收|予以公开/, /行政复议/];

/** The document's text lacks one of the statutory tables: its pictures may hold it. */
export function tablesMissing(text: string): boolean {
  const flat = text.replace(/\s+/g, '');
  return TABLE_MARKS.some((m) => !m.test(flat));
}
