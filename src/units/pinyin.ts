/**
 * Sort keys that put Chinese names in pinyin order (安徽 < 北京 < 郑州), as reviewers expect a
 * list of units, in both databases. A key is plain hex (five digits per character), so it sorts
 * the same under any collation: SQLite's byte order and PostgreSQL's locale alike. Characters
 * outside CJK keep their code point and sort before Chinese; CJK ideographs get their rank in
 * ICU's pinyin collation (Node's own ICU; nothing downloaded). Polyphones take ICU's reading.
 */
let ranks: Map<string, number> | null = null;

const CJK_FROM = 0x3400;
const CJK_TO = 0x9fff;

function table(): Map<string, number> {
  if (!ranks) {
    const chars: string[] = [];
    for (let cp = CJK_FROM; cp <= CJK_TO; cp++) chars.push(String.fromCharCode(cp));
    chars.sort(new Intl.Collator('zh-u-co-pinyin').compare);
    ranks = new Map(chars.map((c, i) => [c, i]));
  }
  return ranks;
}

/** The pinyin sort key of a name ('' for none). Latin letters compare without case. */
export function pinyinKey(name: string | null | undefined): string {
  if (!name) return '';
  const t = table();
  let out = '';
  for (const ch of name.toLowerCase()) {
    const rank = t.get(ch);
    const code = rank !== undefined ? 0x10000 + rank : Math.min(ch.codePointAt(0)!, 0xffff);
    out += code.toString(16).padStart(5, '0');
  }
  return out;
}
