/**
 * What each section of the report must contain, shown over its text area in the editor. No
 * imports: the web app bundles this file as it is.
 */
/** What each section must contain (条例第五十条, 国办公开办函〔2021〕30号), shown over its text area. */
export const SECTION_GUIDE: Record<'s1' | 's2' | 's3' | 's4' | 's5' | 's6', string> = {
  s1: '概述本年度政府信息公开工作：主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面的总体情况。',
  s2: '主动公开政府信息的情况，与下方表二一致（规章、规范性文件的制发、废止和现行有效件数，行政许可、处罚、强制、事业性收费等）。',
  s3: '收到和处理政府信息公开申请的情况，与下方表三一致（本年新收、上年结转、办理结果、结转下年度）。',
  s4: '因政府信息公开工作被申请行政复议、提起行政诉讼的情况，与下方表四一致；没有的写明“未发生”。',
  s5: '政府信息公开工作存在的主要问题及改进情况，包括上一年度问题的整改情况。',
  s6: '其他需要报告的事项：依据《政府信息公开信息处理费管理办法》收取信息处理费的情况（发出收费通知的件数和总金额、实际收取的总金额），以及其他事项。',
};
