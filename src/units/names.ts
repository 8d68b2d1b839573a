/**
 * Agency names → comparable keys.
 *
 * - `nameKey`: the name as printed, with width, spaces and punctuation normalized. Two names
 *   with the same key are the same name.
 * - `canonicalCore`: the part of a name after its place names (see divisions.ts), with the
 *   common short forms of agency types replaced by one token per type, so that 区国动办,
 *   人民防空办公室 and 国防动员办公室 compare equal, and 政府办 equals 人民政府办公室. Used to match
 *   a report to a unit of the same place.
 */

/** Unicode NFKC, no spaces or punctuation, ASCII lowercased. */
export function nameKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u3000\u00a0]+/g, '')
    .replace(/[()（）[\]【】《》〈〉<>“”"'‘’`·•・,，.。、;；:：!！?？\-—–_/\\|~]+/g, '')
    .toLowerCase();
}

/**
 * Groups of names for the same kind of agency; the first is the canonical one. Longer forms are
 * replaced first, so 人民政府办公室 becomes one token before 人民政府 would. Only unambiguous
 * short forms are listed: a wrong equivalence would match a report to the wrong unit.
 */
const GROUPS: string[][] = [
  ['人民防空办公室', '国防动员办公室', '人民防空办', '国防动员办', '人防办', '国动办'],
  ['人民政府办公室', '政府办公室', '政府办'],
  ['人民政府办公厅', '政府办公厅'],
  ['人民政府', '政府'],
  ['发展和改革委员会', '发展改革委员会', '发展和改革局', '发展改革局', '发展改革委', '发改委', '发改局'],
  ['住房和城乡建设局', '住房城乡建设局', '住建局'],
  ['住房和城乡建设厅', '住房城乡建设厅', '住建厅'],
  ['人力资源和社会保障局', '人力资源社会保障局', '人社局'],
  ['人力资源和社会保障厅', '人力资源社会保障厅', '人社厅'],
  ['自然资源和规划局', '自规局'],
  ['市场监督管理局', '市场监管局'],
  ['卫生健康委员会', '卫生健康委', '卫健委'],
  ['卫生健康局', '卫健局'],
  ['教育和体育局', '教育体育局', '教体局'],
  ['交通运输局', '交通局'],
  ['退役军人事务局', '退役军人局'],
  ['政务服务和大数据管理局', '政务服务和数据管理局', '大数据管理局', '大数据局', '政数局'],
  ['医疗保障局', '医保局'],
  ['应急管理局', '应急局'],
  ['城市管理局', '城管局'],
  ['文化广电和旅游局', '文化广电旅游局', '文化和旅游局', '文广旅局', '文旅局'],
  ['工业和信息化局', '工业和信息化委员会', '工信局', '工信委'],
  ['科学技术局', '科技局'],
  ['民族宗教事务局', '民宗局'],
  ['农业农村局', '农业农村委员会', '农业农村委'],
  ['街道办事处', '街道办'],
  ['管理委员会', '管委会'],
];

const TOKEN_OPEN = '〔';
const TOKEN_CLOSE = '〕';

/** [form, token] sorted by form length, longest first. */
const REPLACEMENTS: [string, string][] = GROUPS.flatMap((g, i) => g.map((form): [string, string] => [nameKey(form), `${TOKEN_OPEN}${i}${TOKEN_CLOSE}`])).sort(
  (a, b) => b[0].length - a[0].length,
);

/**
 * The spellings a search term stands for: the term itself and, where it holds a form of an
 * agency type (市场监管局, 人防办, 大数据局), the term with that form replaced by each other form
 * of the type, so a search for the short name finds the full one and back. Two-character forms
 * (政府) are too common to stand for anything else and are left alone.
 */
export function searchVariants(term: string): string[] {
  const out = new Set([term]);
  for (const g of GROUPS) {
    const form = g.filter((f) => f.length >= 3 && term.includes(f)).sort((a, b) => b.length - a.length)[0];
    if (!form) continue;
    for (const other of g) if (other !== form && other.length >= 3) out.add(term.replace(form, other));
  }
  return [...out];
}

/** Level words that may stand before an agency type without a place name: 区国动办, 县政府办. */
const LEVEL_WORD = /^(?:省|市|县|区|旗|镇|乡|自治县|自治州|自治旗)(?=〔)/;

/** The comparable core of a name that has had its place names removed (input: a nameKey). */
export function canonicalCore(key: string): string {
  let out = '';
  let i = 0;
  outer: while (i < key.length) {
    for (const [form, token] of REPLACEMENTS) {
      if (key.startsWith(form, i)) {
        out += token;
        i += form.length;
        continue outer;
      }
    }
    out += key[i];
    i++;
  }
  return out.replace(LEVEL_WORD, '');
}
