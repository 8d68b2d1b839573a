import type { Rule } from '../rule.js';
import { foldedText } from '../source.js';
import { sectionName, sectionPlace } from './util.js';

/**
 * Section 一 (总体情况) covers the five aspects 国办公开办函〔2021〕30号 names: 主动公开, 依申请公开,
 * 政府信息管理, 政府信息公开平台建设, 监督保障 — by its sub-headings or by the words each aspect is
 * written with. One finding lists the aspects not found. 2021 format and later; silent when
 * section 一 was not found.
 */

export const ASPECTS: { name: string; re: RegExp }[] = [
  { name: '主动公开', re: /主动公开|公开发布|(?:发布|更新)[^。；]{0,12}(?:信息|文件|政策)|政策解读/ },
  { name: '依申请公开', re: /依申请公开|公开申请|申请公开/ },
  { name: '政府信息管理', re: /信息管理|公开属性|源头认定|动态(?:更新|调整)|清理|发布审[核查]|保密审查|公开目录|公开指南/ },
  { name: '政府信息公开平台建设', re: /平台|网站|专栏|新媒体|公众号|微博|公开专区|政务服务中心/ },
  { name: '监督保障', re: /监督保障|监督检查|社会监督|考核|培训|评议|责任追究|问责|组织领导|工作机制|责任制/ },
];
/** Where a table starts: section 一's range runs into one when the next headings were not found. */
const TABLE_MARK = /第二十条第|本年新收政府信息公开申请数量|申请人情况/;

export const cOverviewFiveAspects: Rule = {
  meta: {
    id: 'C.overviewFiveAspects',
    severity: 'warning',
    type: 'text',
    docs: {
      description: '「一、总体情况」应涵盖主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五个方面（2021年版格式），未涉及的方面一并列出',
      en: 'Section 1 covers the five aspects of the 2021 format notice (proactive disclosure, requests, information management, platforms, supervision); one finding lists the missing ones.',
      source: 'spec/review-criteria.md R.overviewFiveAspects；国办公开办函〔2021〕30号',
    },
  },
  check(ctx) {
    const r = ctx.record;
    const src = ctx.source;
    const range = src?.sections.s1;
    // The 2021 format: as read, else by the year when no table was read.
    const format = r.template ?? (r.year !== null && r.year >= 2021 ? '2021' : null);
    if (!src || !range || format !== '2021') return;
    let text = foldedText(src).slice(range[0], range[1]);
    const table = TABLE_MARK.exec(text);
    if (table) text = text.slice(0, table.index);
    const missing = ASPECTS.filter((a) => !a.re.test(text)).map((a) => a.name);
    if (!missing.length) return;
    ctx.report({
      message: `${sectionName('s1')}未涉及${missing.join('、')}${missing.length > 1 ? '等方面' : '方面'}（2021年版格式要求总体情况涵盖主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五个方面）`,
      ...sectionPlace(r, 's1'),
      actual: missing.join('、'),
      expected: ASPECTS.map((a) => a.name).join('、'),
    });
  },
};
