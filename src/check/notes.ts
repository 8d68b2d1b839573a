/**
 * The findings the read and parse stages give (not rules of RULES): one entry per id, so a
 * reviewer can filter by any id a finding carries, docs/rules.md lists them all (generated,
 * test/check/docs.test.ts), and the problem list sent to a unit can leave out the notes that
 * are about how nianbao read the file rather than about the report (`internal`).
 */
import type { Severity } from '../model/report.js';

export interface StageNote {
  id: string;
  /** The usual severity (a few ids are given at two). */
  severity: Severity;
  stage: 'read' | 'parse';
  /** 检查内容, in Chinese as the reviewer reads it. */
  description: string;
  en: string;
  /** About how the file was read, not about what the unit wrote: kept out of the problem list. */
  internal: boolean;
  where: string;
}

export const STAGE_NOTES: readonly StageNote[] = [
  {
    id: 'R.unreadable',
    severity: 'error',
    stage: 'read',
    description: '文件无法读取：空文件、加密或损坏的 DOCX、旧版 .doc/.wps、图片、RTF、过大的文件等；附处理建议',
    en: 'The file cannot be read at all (empty, encrypted/corrupt DOCX, legacy Office, RTF, too large…); nothing is parsed; CLI exit status 2.',
    internal: false,
    where: '`src/read/types.ts` `unreadable()`, `src/read/*.ts`',
  },
  {
    id: 'R.converted',
    severity: 'info',
    stage: 'read',
    description: '旧版 Office 文件（.doc/.wps）已用 LibreOffice 转换为 DOCX 后读取；位置信息对应转换后的文档',
    en: 'A legacy Office file was converted to DOCX by LibreOffice before reading; places refer to the converted document.',
    internal: true,
    where: '`src/read/legacy.ts`',
  },
  {
    id: 'R.docxPart',
    severity: 'info',
    stage: 'read',
    description: 'DOCX 的编号或样式部分无法解析，自动编号可能缺失',
    en: "A DOCX's numbering or style part could not be read: automatic list numbers may be missing.",
    internal: true,
    where: '`src/read/docx.ts`',
  },
  {
    id: 'R.encoding',
    severity: 'info',
    stage: 'read',
    description: '网页或文本的字符编码不明确，已按推断的编码读取',
    en: 'The character encoding of a web page or text file was unclear and was inferred.',
    internal: true,
    where: '`src/read/html.ts`, `src/read/decode.ts`',
  },
  {
    id: 'R.mhtml',
    severity: 'info',
    stage: 'read',
    description: '单文件网页（MHTML）：已读取其中的网页正文；正文缺少法定表格时其中的图片按扫描件识别（见 R.pictures），否则图片未读取；位置信息对应网页正文',
    en: 'A web page saved as one file (MHTML): its HTML part was read; its pictures are read as scanned pages where the text lacks a statutory table (R.pictures), else not; places refer to the HTML part.',
    internal: true,
    where: '`src/read/mhtml.ts`',
  },
  {
    id: 'R.pictures',
    severity: 'info',
    stage: 'read',
    description:
      '网页（MHTML）或 DOCX/DOC 的文字中缺少法定表格（或没有文字）：其中足够大的图片（短边 500 像素以上）按扫描件逐格识别，文字接在正文之后；图片中读出的数值以图片序号为页码并记录方框，位置为图片在原文中的位置，请与原件核对',
    en: "A web page (MHTML) or a DOCX/DOC whose text lacks a statutory table (or has none): its pictures large enough (500 pixels or more across) are read as scanned pages, their text after the document's; a value read from a picture has the picture's number as its page, and its box.",
    internal: false,
    where: '`src/read/pictures.ts`',
  },
  {
    id: 'R.pdfDamaged',
    severity: 'warning',
    stage: 'read',
    description: 'PDF 有页面损坏或文件结尾不完整，已跳过无法读取的部分，内容可能缺失',
    en: 'Damaged PDF pages or a truncated file: what could not be read was skipped; content may be missing.',
    internal: false,
    where: '`src/read/pdf.ts`',
  },
  {
    id: 'R.pdfTextLayer',
    severity: 'warning',
    stage: 'read',
    description: 'PDF 的文字层无法解码（字体缺少字符映射）或没有中文字符：该页按图像处理或内容可能错误',
    en: 'A PDF text layer that cannot be decoded (fonts without a character map) or holds no Chinese: the page is treated as an image, or the text may be wrong.',
    internal: false,
    where: '`src/read/pdf.ts`',
  },
  {
    id: 'R.pdfHiddenText',
    severity: 'info',
    stage: 'read',
    description: '扫描页的图像下另有不可见的文字层（扫描或转换软件自动识别所得）；该文字层未采用，已按图像逐格识别',
    en: 'A scanned page carries an invisible text layer (the OCR of a scanner or converter): the layer is set aside and the image read by OCR.',
    internal: true,
    where: '`src/read/pdf.ts`',
  },
  {
    id: 'R.pdfHiddenTextUsed',
    severity: 'warning',
    stage: 'read',
    description: '扫描页的内容取自图像下不可见的文字层（扫描或转换软件自动识别所得），本系统未能文字识别核对（未启用或未安装 OCR）',
    en: 'A scanned page was read from its invisible text layer (the OCR of a scanner or converter), not checked by OCR here (OCR off or not installed).',
    internal: false,
    where: '`src/read/pdf.ts`',
  },
  {
    id: 'R.imagePages',
    severity: 'warning',
    stage: 'read',
    description: '多页图片文件页数过多，只读取了前 60 页；请分成几个文件或以 PDF 提供',
    en: 'A multi-page image file of more pages than are read (60): only the first 60 were read.',
    internal: false,
    where: '`src/read/image.ts`',
  },
  {
    id: 'R.ocr',
    severity: 'info',
    stage: 'read',
    description: '扫描页已用文字识别（OCR）读取，附识别引擎与置信度；识别结果请与原件核对',
    en: 'A scanned page was read by OCR (engine and confidence given).',
    internal: true,
    where: '`src/read/ocr.ts`, `src/read/scan/engine.ts`',
  },
  {
    id: 'R.ocrLowConfidence',
    severity: 'warning',
    stage: 'read',
    description: '扫描页某处文字识别置信度低，请与原件核对',
    en: 'An OCR reading with low confidence: check it against the original.',
    internal: true,
    where: '`src/read/ocr-words.ts`',
  },
  {
    id: 'R.ocrSkipped',
    severity: 'warning',
    stage: 'read',
    description: '页面没有文字层，未启用文字识别（OCR），这些页的内容未读取',
    en: 'Pages without a text layer were not read because OCR was off.',
    internal: true,
    where: '`src/read/pdf.ts`',
  },
  {
    id: 'R.ocrMissing',
    severity: 'warning',
    stage: 'read',
    description: '页面没有文字层，需要文字识别（OCR），但本机未安装所需程序，这些页的内容未读取',
    en: 'Pages without a text layer need OCR, and the OCR tools are not installed: not read.',
    internal: true,
    where: '`src/read/pdf.ts`',
  },
  {
    id: 'R.ocrFailed',
    severity: 'warning',
    stage: 'read',
    description: '扫描页的图像无法提取进行文字识别，该页内容未读取',
    en: "A scanned page's image could not be extracted for OCR: not read.",
    internal: true,
    where: '`src/read/ocr.ts`, `src/read/scan/pdf-pages.ts`, `src/read/image.ts`',
  },
  {
    id: 'R.ocrTimeout',
    severity: 'warning',
    stage: 'read',
    description: '读取超时，部分扫描页未完成文字识别（OCR），这些页的内容未读取',
    en: 'Reading timed out: some scanned pages were not OCRed.',
    internal: true,
    where: '`src/read/pdf.ts`, `src/read/image.ts`',
  },
  {
    id: 'P.notReport',
    severity: 'error',
    stage: 'parse',
    description: '未识别出年度报告的任何章节或统计表：文件可能不是年度报告',
    en: 'No section heading and no table was found: probably not an annual report. The rules do not run.',
    internal: false,
    where: '`src/parse/index.ts`',
  },
  {
    id: 'P.cellCount',
    severity: 'error',
    stage: 'parse',
    description:
      '表格某行读到的数值个数与列数不符或无法识别：多于列数、数字无法按本行列数拆分、千分位逗号位置不对、小数点前有空格时本行不从原文取值；少于列数时未读到的单元格由勾稽关系推算（警告，请与原件核对）或标为缺失（错误）',
    en: 'A row has more values than columns, a run of digits that cannot be cut into the row’s columns, or a malformed number: nothing of the row is taken from the text (cells may still be derived, flagged `derivedFromRelation`). A row with fewer values: cells the relations fix are derived (warning), the others `missing` (error). Three or more such rows of a table are said once.',
    internal: false,
    where: '`src/parse/rows.ts`',
  },
  {
    id: 'P.ambiguous',
    severity: 'error',
    stage: 'parse',
    description:
      '某行数字（连写、缺格或空白格被省略）有多种读法都符合表格的全部勾稽关系，各读法不一致的单元格标为缺失，并列出可能的读法（如 `1153` 可读作 1|1|53 或 1|15|3）',
    en: 'Several readings of a row fit every relation of the table: the cells they disagree on are `missing`; the finding lists the readings (`note`).',
    internal: false,
    where: '`src/parse/rows.ts`, `src/parse/solve.ts`',
  },
  {
    id: 'P.split',
    severity: 'warning',
    stage: 'parse',
    description: '某表的数字连在一起（如网页表格被展平），已按各列不写前导零及表格关系唯一拆分；说明由哪些关系确定',
    en: 'Digits of several cells ran together and exactly one cut fits the columns and the relations; cells flagged `split`, status `derived`.',
    internal: false,
    where: '`src/parse/rows.ts`',
  },
  {
    id: 'P.blankDropped',
    severity: 'info',
    stage: 'parse',
    description: '表格在原文中被展平且空白单元格没有留下任何痕迹：空白格按 0 计，数值所在的列只在表格关系唯一确定时读取',
    en: 'A flattened table whose blank cells left no trace: a blank is read as 0 (`zeroInferred`), a value’s column only where the relations fix it.',
    internal: true,
    where: '`src/parse/rows.ts`',
  },
  {
    id: 'P.blankTotal',
    severity: 'warning',
    stage: 'parse',
    description: '表四某组「总计」为空白格，已按各项之和推算（表三的同类情况由 `T3.rowSum` 给出警告）',
    en: 'A blank 总计 of a table 四 group derived from its parts.',
    internal: false,
    where: '`src/parse/rows.ts`',
  },
  {
    id: 'P.lookalike',
    severity: 'warning',
    stage: 'parse',
    description: '表格数值写成了形近字母（O 作 0、l/I 作 1、S 作 5、B 作 8），已按数字读取并标记 `lowConfidence`，请与原件核对',
    en: 'Digits written as look-alike letters: read as the digits, cells flagged `lowConfidence`, status `derived`.',
    internal: false,
    where: '`src/parse/stream.ts`, `src/parse/rows.ts`',
  },
  {
    id: 'P.ocrUnsure',
    severity: 'warning',
    stage: 'parse',
    description:
      '扫描件某表的识别结果不满足表内勾稽关系，且没有哪种识别读法能满足：若只有一个单元格改为某值即可使各项关系成立，只标记该格并说明该值；没有这样的单格而恰有一对单元格（且仅此一对）改为确定的值即可使各项关系成立，只标记这两格并说明两值；否则所涉单元格按识别结果保留并标记 `lowConfidence`（存疑），扫描行中的空白单元格（按0计，可能是未识别出的数字）同样标记，请与原件逐一核对；关系本身由相应规则另行报告',
    en: "A scanned table breaks relations no reading of the recogniser can mend (a misread digit, a value placed a column off on a page photographed at an angle): where one cell alone, at one value, would mend them all, only it is flagged and the value said; failing one, where exactly one pair of cells, at values the relations fix, would, only the pair is flagged and both values said; else every cell of those relations keeps its reading, flagged `lowConfidence` — blank cells of scanned rows too (0 by convention, perhaps a digit the page lost); the relation's own rule reports it too.",
    internal: false,
    where: '`src/parse/rows.ts` `ocrUnsure`',
  },
  {
    id: 'P.ocrAlternative',
    severity: 'warning',
    stage: 'parse',
    description:
      '扫描件某格的识别结果与表内勾稽关系不符，而识别的另一读法（仅改一位数字）是唯一符合关系的读法：已按该读法读取，标记 `lowConfidence`，请与原件核对',
    en: "A scanned number that breaks the table's relations where the recogniser's runner-up reading is the only reading that fits: read so, flagged `lowConfidence`.",
    internal: true,
    where: '`src/parse/candidates.ts`, `src/parse/rows.ts`',
  },
  {
    id: 'P.ocrLabel',
    severity: 'warning',
    stage: 'parse',
    description:
      '扫描件表格某行的行标题或某部分的标题识别有误（如「下」识别为「卜」、「已」识别为「己」、「未」识别为「末」），只差形近字或个别字且唯一对应模板中的一行（一部分）：已按该行（该部分）读取，本行数值标记 `lowConfidence`，请与原件核对；附识别出的文字',
    en: "A scanned row label or section heading read with look-alikes or one other character wrong (卜 for 下, 己 for 已, 末 for 未) that matches one label of the template only: read as that row (section), the row's cells flagged `lowConfidence`; the finding quotes what was read. Text input is never matched so.",
    internal: true,
    where: '`src/parse/fuzzy.ts`, `src/parse/find.ts` `fuzzySections`',
  },
  {
    id: 'P.rowOrder',
    severity: 'warning',
    stage: 'parse',
    description:
      '表三某些行的行标题被转换移开（如 PDF 转 Markdown 时换行的标题单独成行），其数值行留在前一行之后：数值按表格固定行序读取并标记 `lowConfidence`，仅当各列办理结果之和等于总计、各行合计相符时采用，否则标为缺失（error）',
    en: 'Table 三 rows whose labels a conversion moved away: their value rows, left after the row before, are read in the table’s fixed order (`lowConfidence`) only when the column and row sums hold; otherwise they are `missing` (error).',
    internal: false,
    where: '`src/parse/tables.ts` `placeByOrder`',
  },
  {
    id: 'P.columns',
    severity: 'error',
    stage: 'parse',
    description: '表三表头缺少某些列（如「其他」），该列数值无法读取，勾稽关系只在可确定的列上核对',
    en: 'The table 三 header names fewer than seven value columns; those cells are not read.',
    internal: false,
    where: '`src/parse/tables.ts` `parseT3`',
  },
  {
    id: 'M.title',
    severity: 'warning',
    stage: 'parse',
    description:
      '未找到报告标题；年度取自正文（统计期限句等），或无法确定；正文既无标题也无单位名称时，标题、单位名称或年度取自文件名（写明取自文件名，请核对）',
    en: "No title found; the year was taken from the body, or is unknown; where the text names neither title nor agency, they (or the year) were taken from the file's name, said so.",
    internal: false,
    where: '`src/parse/meta.ts`',
  },
];

const BY_ID = new Map(STAGE_NOTES.map((n) => [n.id, n]));

export const stageNote = (id: string): StageNote | undefined => BY_ID.get(id);

/** A finding about how nianbao read the file, not about the report's content. */
export const isInternalNote = (ruleId: string): boolean => BY_ID.get(ruleId)?.internal ?? false;
