/**
 * Mock data only: made-up units and reports, parsed by the real parser (src/) so records,
 * spans and findings have their real shapes. Used by web/mock/server.ts for development and
 * screenshots; nothing here is used by the product.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateValues } from '../../src/author/values.js';
import { parseReport } from '../../src/index.js';
import type { Report } from '../../src/model/report.js';
import { renderReport, type Damage } from './render.js';

export interface MockUnit {
  id: number;
  name: string;
  aliases: string[];
  region: string | null;
  regionCode: string | null;
  level: string | null;
  parentId: number | null;
}

export interface MockDecision {
  key: string;
  decision: 'confirmed' | 'dismissed';
  comment: string;
  updatedAt: string;
}

export interface MockReport {
  id: number;
  fileName: string;
  bytes: Uint8Array;
  record: Report;
  sourceText: string | null;
  pages: number | null;
  /** Directory of page-N.png images (PDF only). */
  pageDir: string | null;
  unitId: number | null;
  review: 'unmatched' | 'ambiguous' | null;
  candidates: number[];
  createdAt: string;
  supersededBy: number | null;
  decisions: Map<string, MockDecision>;
}

export interface Store {
  units: MockUnit[];
  reports: MockReport[];
  nextId: number;
}

const REGIONS: { path: string; code: string; towns: string[] }[] = [
  { path: '示例省/东湖市/青山区', code: '990102', towns: ['柳溪街道办事处', '石门镇人民政府'] },
  { path: '示例省/东湖市/白水县', code: '990121', towns: ['白水镇人民政府', '桃园乡人民政府', '河口镇人民政府'] },
  { path: '示例省/西山市/临河区', code: '990202', towns: ['新华街道办事处'] },
  { path: '示例省/西山市/云岭县', code: '990221', towns: ['云岭镇人民政府', '松林乡人民政府'] },
];
const DEPARTMENTS = ['人民政府办公室', '教育局', '卫生健康委员会', '自然资源局', '市场监督管理局', '人力资源和社会保障局'];

export function makeUnits(): MockUnit[] {
  const units: MockUnit[] = [];
  let id = 1;
  for (const r of REGIONS) {
    const county = r.path.split('/').pop()!;
    const gov = {
      id: id++,
      name: `${county}人民政府`,
      aliases: [county.replace(/[区县]$/, '') + (county.endsWith('县') ? '县政府' : '区政府')],
      region: r.path,
      regionCode: r.code,
      level: '县级',
      parentId: null,
    };
    units.push(gov);
    for (const d of DEPARTMENTS)
      units.push({
        id: id++,
        name: `${county}${d}`,
        aliases: d === '人民政府办公室' ? [`${county}政府办`] : [],
        region: r.path,
        regionCode: r.code,
        level: '部门',
        parentId: gov.id,
      });
    for (const t of r.towns)
      units.push({
        id: id++,
        name: `${county}${t}`,
        aliases: [t.replace(/人民政府|办事处/, '')],
        region: r.path,
        regionCode: r.code,
        level: '乡级',
        parentId: gov.id,
      });
  }
  return units;
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function renderPages(pdf: Uint8Array, name: string): { dir: string; pages: number } | null {
  try {
    const dir = mkdtempSync(join(tmpdir(), `nianbao-mock-${name}-`));
    const file = join(dir, 'src.pdf');
    execFileSync('sh', ['-c', 'cat > "$1"', 'sh', file], { input: pdf });
    // 144 dpi = 2 image pixels per PDF point (web/src/lib/pdf.ts PAGE_PX_PER_PT).
    execFileSync('pdftoppm', ['-r', '144', '-png', file, join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f)).length;
    return { dir, pages };
  } catch {
    return null;
  }
}

/** Page image path for page n, whatever zero padding pdftoppm used. */
export function pagePath(dir: string, n: number): string | null {
  const hit = readdirSync(dir).find((f) => new RegExp(`^page-0*${n}\\.png$`).test(f));
  return hit ? join(dir, hit) : null;
}

export async function addReport(store: Store, fileName: string, bytes: Uint8Array, createdAt: string, unitHint?: number | null): Promise<MockReport> {
  const record = await parseReport(bytes, { path: fileName });
  const isPdf = record.source.format === 'pdf';
  const pdf = isPdf ? renderPages(bytes, String(store.nextId)) : null;
  const sourceText = isPdf || record.source.format === 'unknown' ? null : new TextDecoder().decode(bytes);
  const match = matchUnit(store.units, record);
  const r: MockReport = {
    id: store.nextId++,
    fileName,
    bytes,
    record,
    sourceText,
    pages: pdf?.pages ?? null,
    pageDir: pdf?.dir ?? null,
    unitId: unitHint ?? match.unitId,
    review: unitHint ? null : match.review,
    candidates: match.candidates,
    createdAt,
    supersededBy: null,
    decisions: new Map(),
  };
  // A newer file for the same unit and year replaces the older one.
  if (r.unitId !== null && record.year !== null)
    for (const old of store.reports) if (old.unitId === r.unitId && old.record.year === record.year && old.supersededBy === null) old.supersededBy = r.id;
  store.reports.push(r);
  return r;
}

function matchUnit(units: MockUnit[], rec: Report): { unitId: number | null; review: 'unmatched' | 'ambiguous' | null; candidates: number[] } {
  const name = rec.agency ?? '';
  const exact = units.find((u) => u.name === name || u.aliases.includes(name));
  if (exact) return { unitId: exact.id, review: null, candidates: [] };
  const alias = rec.agencyAlias ?? '';
  const near = units.filter(
    (u) => (name && (name.includes(u.name) || u.name.includes(name))) || (alias && u.aliases.some((a) => a.includes(alias) || alias.includes(a))),
  );
  if (near.length === 1) return { unitId: near[0]!.id, review: null, candidates: [] };
  if (near.length > 1) return { unitId: null, review: 'ambiguous', candidates: near.map((u) => u.id) };
  return { unitId: null, review: 'unmatched', candidates: [] };
}

export const sha256 = sha;

/** The whole mock store: units, ~80 text reports over three years, PDFs from the test fixtures. */
export async function makeStore(root: string): Promise<Store> {
  const store: Store = { units: makeUnits(), reports: [], nextId: 1 };
  const years = [2023, 2024, 2025];
  let seed = 100;
  let t = Date.UTC(2026, 0, 10, 1, 0, 0);
  const when = (): string => new Date((t += 37 * 60_000 + (seed % 7) * 3_600_000)).toISOString();
  for (const u of store.units) {
    for (const year of years) {
      seed++;
      // Not submitted: about one in six, more often for towns and for the latest year.
      if ((seed * 7) % 11 === 0 || (u.level === '乡级' && year === 2025 && seed % 2 === 0)) continue;
      const v = generateValues(seed, { kind: '2021', scale: seed % 5 === 0 ? 'medium' : 'small' });
      v.agency = u.name;
      v.year = year;
      const damage: Damage = {};
      if (seed % 4 === 0) damage.t3 = ['granted', seed % 8 === 0 ? 'total' : 'naturalPerson', 1 + (seed % 3)];
      if (seed % 9 === 0) damage.dropT4 = true;
      const text = renderReport(v, damage);
      const ext = seed % 3 === 0 ? 'html' : 'txt';
      const bytes = new TextEncoder().encode(ext === 'html' ? text : text);
      await addReport(store, `${u.name}${year}年政府信息公开工作年度报告.txt`, bytes, when(), u.id);
    }
  }
  // A resubmission that replaces an earlier file.
  const first = store.units[1]!;
  const v = generateValues(7, { kind: '2021', scale: 'small' });
  v.agency = first.name;
  v.year = 2025;
  await addReport(store, `${first.name}2025年报告（修改稿）.txt`, new TextEncoder().encode(renderReport(v)), when(), first.id);
  // Reports naming no known unit: an alias only, and an ambiguous name.
  const anon = generateValues(11, { kind: '2021', scale: 'small' });
  anon.agency = '';
  anon.year = 2025;
  await addReport(store, '区国动办2025年报.txt', new TextEncoder().encode(renderReport(anon).replace(/^2025年/, '区国动办2025年')), when());
  const amb = generateValues(12, { kind: '2019', scale: 'small' });
  amb.agency = '教育局';
  amb.year = 2020;
  await addReport(store, '教育局2020年报.txt', new TextEncoder().encode(renderReport(amb)), when());
  // Unreadable files.
  await addReport(store, '扫描件-无文字.txt', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6]), when(), store.units[3]!.id);
  await addReport(store, '会议通知.txt', new TextEncoder().encode('关于召开年度工作会议的通知\n请各单位派员参加。\n'), when(), null);
  // PDFs from the test fixtures (made-up reports), with page images.
  const pdfDir = join(root, 'test', 'fixtures', 'pdf');
  if (existsSync(pdfDir))
    for (const f of readdirSync(pdfDir)
      .filter((x) => x.endsWith('.pdf'))
      .sort())
      await addReport(store, f, new Uint8Array(readFileSync(join(pdfDir, f))), when());
  return store;
}
