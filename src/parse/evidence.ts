/**
 * What the report's own prose states about a cell of table 二: 「全年制发规范性文件1件、废止1件」,
 * 「1件予以废止」, 「现行有效规章12件」. A flattened web table glues a row's digits together
 * (行政规范性文件 1126 → 1|1|26 or 1|12|6) and no relation of table 二 tells the readings apart;
 * a sentence that states one of the row's values in words can. It is used only to choose among
 * readings the table itself allows (rows.ts), never to fill a cell the table does not hold.
 *
 * Only the 2021 format's 规章 and 行政规范性文件 rows are covered: their three columns (本年制发,
 * 本年废止, 现行有效) have verbs prose uses unambiguously; the 2019 format's 制作/公开 do not.
 */

export interface Stated {
  /** Row and column of table 二. */
  row: 'regulations' | 'normativeDocuments';
  col: 'issued' | 'repealed' | 'inForce';
  value: number;
  /** Normalized offsets of the sentence's clause that states it, and the clause as written. */
  start: number;
  end: number;
  quote: string;
}

const SUBJECTS: { row: Stated['row']; re: RegExp }[] = [
  // 规章制度 / 规章管理 are an office's internal rules, not 规章 in the legal sense.
  { row: 'regulations', re: /(?<!部门|政府)规章(?!制度|管理|立法计划)|政府规章|部门规章/g },
  { row: 'normativeDocuments', re: /规范性文件/g },
];

const VERBS: { col: Stated['col']; re: string }[] = [
  { col: 'issued', re: '(?:新?制发|印发|出台|新?制定)' },
  { col: 'repealed', re: '(?:予以)?(?:废止|宣布失效)' },
  { col: 'inForce', re: '现行有效' },
];

/** A count in 件: Arabic digits only (a Chinese numeral is left alone). */
const N = '(\\d{1,6})\\s*件';

/** Sentences end at 。；！？ and line breaks; a clause is a sentence's run between commas. */
const SENTENCE = /[^。；！？\n]+/g;

/**
 * Statements about table 二's 规章 and 规范性文件 counts in `text` outside [skipFrom, skipTo) (the
 * table itself). A verb and a count in one clause (no other number between), credited to the
 * nearest subject before the count in the same sentence: 「牵头起草省政府规章1件、省政府规范性文件2件，
 * 全年制发厅规范性文件1件、废止1件」 gives 规范性文件 issued 1 and repealed 1 (起草 is no column's
 * verb). 「未制发规章」 states 0.
 */
export function statedT2(text: string, skipFrom: number, skipTo: number): Stated[] {
  const out: Stated[] = [];
  for (const s of text.matchAll(SENTENCE)) {
    const from = s.index;
    const to = from + s[0].length;
    if (to > skipFrom && from < skipTo) continue;
    const sentence = s[0];
    if (!/规章|规范性文件/.test(sentence)) continue;
    const subjects: { row: Stated['row']; at: number }[] = [];
    for (const sub of SUBJECTS) for (const m of sentence.matchAll(sub.re)) subjects.push({ row: sub.row, at: m.index });
    if (!subjects.length) continue;
    const subjectBefore = (at: number): Stated['row'] | null => {
      let best: { row: Stated['row']; at: number } | null = null;
      for (const x of subjects) if (x.at < at && (!best || x.at > best.at)) best = x;
      return best?.row ?? null;
    };
    // clauses: between commas (the 、 of a list stays inside, as in 「制发1件、废止1件」)
    let c0 = 0;
    for (const clause of sentence.split(/[，,：:]/)) {
      const cFrom = c0;
      c0 += clause.length + 1;
      for (const v of VERBS) {
        const forms = [
          // verb … count: 制发规范性文件1件, 废止1件
          new RegExp(`${v.re}[^\\d、]{0,12}?${N}`, 'g'),
          // count … verb: 1件予以废止, 12件规范性文件予以废止
          new RegExp(`${N}[^\\d、]{0,12}?${v.re}`, 'g'),
        ];
        for (const re of forms)
          for (const m of clause.matchAll(re)) {
            // the subject nearest before the count, or the one inside the match (12件规范性文件予以废止)
            const row = subjectBefore(cFrom + m.index + m[0].length);
            if (!row) continue;
            out.push(stated(row, v.col, Number(m[1]), from + cFrom, clause));
          }
        // 未制发规章 / 没有废止规范性文件: a stated 0
        for (const m of clause.matchAll(new RegExp(`(?:未|没有|无)${v.re}[^\\d、，]{0,10}?(规章|规范性文件)`, 'g'))) {
          const row = m[1] === '规章' ? 'regulations' : 'normativeDocuments';
          out.push(stated(row, v.col, 0, from + cFrom, clause));
        }
      }
    }
  }
  return out;
}

function stated(row: Stated['row'], col: Stated['col'], value: number, start: number, clause: string): Stated {
  return { row, col, value, start, end: start + clause.length, quote: clause.trim() };
}
