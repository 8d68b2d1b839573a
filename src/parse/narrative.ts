/** Facts stated in the prose: section 一 (requests, proactive items) and section 六 (信息处理费). */
import type { Narrative, Place } from '../model/report.js';
import { placeOf, type Stream } from './stream.js';

const NUM = String.raw`(?<![\d.,])(\d+(?:,\d{3})*(?:\.\d+)?)`;

let posScratch = new Int32Array(16384);

/**
 * A section's text with line breaks (and the spaces around them) taken out, so a sentence
 * wrapped across lines reads as one; `pos` maps each character back to its normalized offset.
 */
function joined(text: string, a: number, b: number): { text: string; pos: Int32Array } {
  const parts: string[] = [];
  // (one buffer kept between calls: a section's map is used only until the next section is joined)
  if (posScratch.length < b - a) posScratch = new Int32Array(b - a + 4096);
  const pos = posScratch;
  let n = 0;
  let i = a;
  while (i < b) {
    let e = text.indexOf('\n', i);
    if (e < 0 || e > b) e = b;
    let t = e;
    if (e < b) while (t > i && (text.charCodeAt(t - 1) === 0x20 || text.charCodeAt(t - 1) === 0x09)) t--;
    parts.push(text.slice(i, t));
    for (let k = i; k < t; k++) pos[n++] = k;
    i = e + 1;
    if (e < b) while (i < b && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09 || text.charCodeAt(i) === 0x0a)) i++;
  }
  return { text: parts.join(''), pos: pos.subarray(0, n) };
}

/**
 * The first match of `re` in a sentence (split at 。 and ；) that holds `key`: short sentences
 * keep the lazy patterns cheap on long sections. The match's index is in `body`.
 */
function search(body: string, key: string, re: RegExp): RegExpExecArray | null {
  let from = 0;
  for (let k = body.indexOf(key); k >= 0; k = body.indexOf(key, from)) {
    let s = Math.max(body.lastIndexOf('。', k), body.lastIndexOf('；', k)) + 1;
    if (s < from) s = from;
    let e = body.length;
    for (const stop of ['。', '；']) {
      const x = body.indexOf(stop, k);
      if (x >= 0 && x < e) e = x + 1;
    }
    const m = re.exec(body.slice(s, e));
    if (m) {
      m.index += s;
      return m;
    }
    from = e;
  }
  return null;
}

const RE_REQUESTS = new RegExp(String.raw`(?:收到|受理|接收|接到|办理)[^。；]{0,24}?申请[^。；\d]{0,14}?${NUM}\s*(?:件|个|条|份)`);
const RE_NO_REQUESTS = /(?:未收到|没有收到|无)[^。；,，]{0,12}申请|不涉及依申请公开|依申请公开[^。；]{0,6}(?:为0|为零|0件)/;
const RE_PROACTIVE = [
  new RegExp(String.raw`主动公开[^。；]{0,30}?${NUM}\s*条`),
  new RegExp(String.raw`(?:发布|公开)[^。；]{0,20}?(?:政务|政府)?信息[^。；\d]{0,6}?${NUM}\s*(?:余)?条`),
];
const RE_NO_REVIEW =
  /(?:未|没有|无)(?:发生|出现|产生|发现|有)?[^。；]{0,16}?复议[^。；]{0,12}?诉讼|(?:未|没有|无)(?:发生|出现|产生|发现|有)?[^。；]{0,16}?诉讼[^。；]{0,12}?复议/;
const RE_NOTICES = new RegExp(String.raw`发出收费通知[^。；\d]{0,10}?${NUM}\s*件`);
const RE_NO_NOTICES = /未发出收费通知/;
const RE_AMOUNT = new RegExp(String.raw`(?<!实际收取的?)总金额[^。；\d]{0,4}?${NUM}\s*(万元|元)`);
const RE_COLLECTED = new RegExp(String.raw`实际收取[^。；\d]{0,8}?${NUM}\s*(万元|元)`);
const RE_NOT_COLLECTED = /(?:未|没有|无)(?:向[^。；，\d]{0,12})?(?:收取|收)[^。；]{0,14}(?:费|费用)|(?:收取|收费)[^。；]{0,10}(?:为0|为零|(?<![\d.,])0元)/;

function firstMatch(text: string, res: RegExp[], key: string): RegExpExecArray | null {
  let best: RegExpExecArray | null = null;
  for (const re of res) {
    const m = search(text, key, re);
    if (m && (!best || m.index < best.index)) best = m;
  }
  return best;
}

const toNumber = (s: string): number => Number(s.replace(/,/g, ''));

/** Amount in 元: 万元 converted when written. */
const yuan = (n: string, unit: string | undefined): number => (unit === '万元' ? Math.round(toNumber(n) * 10000 * 100) / 100 : toNumber(n));

export function readNarrative(st: Stream, s1: [number, number] | null, s6: [number, number] | null, s4: [number, number] | null): Narrative {
  const places: Record<string, Place> = {};
  const text = st.text;
  let map: Int32Array = new Int32Array(0);
  const at = (key: string, m: RegExpExecArray, group = 1): void => {
    const g = m[group] ?? m[0];
    const off = m.index + m[0].indexOf(g);
    places[key] = placeOf(st, map[off]!, map[off + g.length - 1]! + 1);
  };
  const whole = (key: string, m: RegExpExecArray): void => {
    places[key] = placeOf(st, map[m.index]!, map[m.index + m[0].length - 1]! + 1);
  };
  const section = (sec: [number, number]): string => {
    const j = joined(text, sec[0], sec[1]);
    map = j.pos;
    return j.text;
  };
  const n: Narrative = {
    proactiveItems: null,
    requestsReceived: null,
    noRequests: false,
    noReviewOrLitigation: false,
    infoFee: { noticeCount: null, noticeAmount: null, collectedAmount: null, compliance: 'absent' },
    places,
  };
  if (s1) {
    const body = section(s1);
    const req = search(body, '申请', RE_REQUESTS);
    if (req) {
      n.requestsReceived = toNumber(req[1]!);
      at('requestsReceived', req);
    }
    const none = search(body, '申请', RE_NO_REQUESTS);
    if (none && n.requestsReceived === null) {
      n.noRequests = true;
      whole('noRequests', none);
    }
    const pro = firstMatch(body, RE_PROACTIVE, '条');
    if (pro) {
      n.proactiveItems = toNumber(pro[1]!);
      at('proactiveItems', pro);
    }
  }
  for (const sec of [s1, s4]) {
    if (!sec) continue;
    const body = section(sec);
    // Only a statement that covers both review and litigation sets the flag.
    const m = body.includes('诉讼') ? search(body, '复议', RE_NO_REVIEW) : null;
    // 未发生…被复议纠错或诉讼败诉: no case lost, not no case.
    if (m && /纠错|纠正|败诉|撤销|确认违法/.test(body.slice(m.index, m.index + m[0].length + 8))) continue;
    if (m) {
      n.noReviewOrLitigation = true;
      whole('noReviewOrLitigation', m);
      break;
    }
  }
  if (s6) {
    const body = section(s6);
    const count = search(body, '收费通知', RE_NOTICES) ?? search(body, '收费通知', RE_NO_NOTICES);
    if (count) {
      n.infoFee.noticeCount = count[1] ? toNumber(count[1]) : 0;
      at('infoFee.noticeCount', count);
    }
    const amount = search(body, '总金额', RE_AMOUNT);
    if (amount) {
      n.infoFee.noticeAmount = yuan(amount[1]!, amount[2]);
      at('infoFee.noticeAmount', amount);
    }
    const got = search(body, '实际收取', RE_COLLECTED) ?? search(body, '收', RE_NOT_COLLECTED);
    if (got) {
      n.infoFee.collectedAmount = got[1] ? yuan(got[1], got[2]) : 0;
      at('infoFee.collectedAmount', got);
    }
    const stated = [n.infoFee.noticeCount, n.infoFee.noticeAmount, n.infoFee.collectedAmount].filter((v) => v !== null).length;
    n.infoFee.compliance = stated === 3 ? 'full' : stated > 0 ? 'partial' : 'absent';
  }
  return n;
}
