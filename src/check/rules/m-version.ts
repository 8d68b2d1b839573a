import { TEMPLATES, expectedTemplate } from '../../model/templates.js';
import type { Rule } from '../rule.js';
import { isUnreadable } from './util.js';

/** The format used (from fingerprints) against the format the report year calls for. */
export const mVersion: Rule = {
  meta: {
    id: 'M.version',
    severity: 'warning',
    type: 'template',
    docs: {
      description: '所用格式应与报告年度相符：2019、2020年度用2019年版格式，2021年度起用2021年版格式',
      en: 'The format used matches the report year: the 2019 format for 2019–2020, the 2021 format from 2021 on.',
      source: 'spec §1 M.version；国办公开办函〔2019〕60号、〔2021〕30号',
    },
  },
  check(ctx) {
    const { template, year } = ctx.record;
    if (isUnreadable(ctx.record) || template === null || year === null) return;
    const want = expectedTemplate(year);
    if (want === template) return;
    ctx.report({
      message: `报告为${year}年度，应使用${want}年版格式（${TEMPLATES[want].notice}），但表格为${template}年版格式（${TEMPLATES[template].notice}）`,
      actual: template,
      expected: want,
    });
  },
};
