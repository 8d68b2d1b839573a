#!/usr/bin/env node
// Generates the DOCX and HTML test fixtures and their gold files:
//
//   npm run build && node scripts/make-fixtures.mjs
//
// Values are random (seeded, so a rerun gives the same files) and consistent; prose is our
// own. The 2021 DOCX fixtures fill the official empty template, read here from ../shared at
// generation time only (override with NIANBAO_SHARED=dir); the generated files are committed:
//   test/fixtures/docx/*.docx, test/fixtures/html/*.html, test/fixtures/gold/<same stem>.json
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomGold } from '../dist/synth/fixture-gold.js';
import { buildDocx, fillTemplate2021 } from '../dist/synth/docx-fixture.js';
import { sitePageHtml, wordHtml } from '../dist/synth/html-fixture.js';
import { fixtureFromGold } from '../dist/synth/from-gold.js';
import { readdirSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Render existing gold records (e.g. ../shared/gold, the seeds' values) instead, into a folder
// outside the repo:  node scripts/make-fixtures.mjs --from-gold ../shared/gold --out /tmp/seed-fixtures
const fromGold = process.argv.indexOf('--from-gold');
if (fromGold >= 0) {
  const dir = process.argv[fromGold + 1];
  const out = process.argv[process.argv.indexOf('--out') + 1] ?? '/tmp/nianbao-gold-fixtures';
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const fx = fixtureFromGold(f, JSON.parse(readFileSync(join(dir, f), 'utf8')));
    if (!fx) {
      console.log(`${f}: no complete tables, skipped`);
      continue;
    }
    const stem = f.replace(/\.json$/, '');
    writeFileSync(join(out, `${stem}.docx`), buildDocx(fx));
    writeFileSync(join(out, `${stem}.html`), wordHtml(fx, { charset: 'utf-8' }));
    console.log(`${out}/${stem}.docx, .html`);
  }
  process.exit(0);
}
const shared = process.env.NIANBAO_SHARED ?? join(root, '..', 'shared');
const template = readFileSync(join(shared, 'templates', 'template-2021.docx'));

/** name, gold options, writer: gold → bytes */
const FIXTURES = [
  {
    name: 'docx-2021-template',
    ext: 'docx',
    gold: { seed: 101, agency: '青禾县农业农村局', year: 2023, template: '2021', t3Shape: 'split-other' },
    notes: 'Official 2021 template filled in (merged cells as issued); typed heading numbers.',
    write: (g) => fillTemplate2021(template, g),
  },
  {
    name: 'docx-2021-numbered',
    ext: 'docx',
    gold: { seed: 202, agency: '云岭市星桥区人民政府办公室', year: 2024, template: '2021', t3Shape: 'split-other' },
    notes: 'Official 2021 template; section headings, sub-headings and section 六 items use automatic numbering (numbering.xml).',
    write: (g) => fillTemplate2021(template, g, { numbered: true }),
  },
  {
    name: 'docx-hybrid',
    ext: 'docx',
    gold: { seed: 303, agency: '青石镇人民政府', year: 2022, template: '2021', t3Shape: 'single-other' },
    notes: 'Hybrid: 2021 table 二, table 三 with a single （六）其他处理 row (template rows replaced).',
    write: (g) => fillTemplate2021(template, g),
  },
  {
    name: 'docx-2019',
    ext: 'docx',
    gold: { seed: 404, agency: '白鹭湖管理委员会', year: 2020, template: '2019', t3Shape: 'single-other' },
    notes: '2019 template built from scratch; minimal package (no styles, no document rels), like some WPS exports.',
    write: (g) => buildDocx(g),
  },
  {
    name: 'html-2021-word-utf8',
    ext: 'html',
    gold: { seed: 505, agency: '南溪县市场监督管理局', year: 2023, template: '2021', t3Shape: 'split-other' },
    notes: 'Word "save as web page" HTML, UTF-8, CRLF, MsoNormal/<o:p>/&nbsp; padding, list numbers in supportLists blocks.',
    write: (g) => wordHtml(g, { charset: 'utf-8' }),
  },
  {
    name: 'html-2019-word-gb18030',
    ext: 'html',
    gold: { seed: 606, agency: '云杉县统计局', year: 2019, template: '2019', t3Shape: 'single-other' },
    notes: 'Word web page of a 2019-template report, encoded GB18030, declared charset=gb2312.',
    write: (g) => wordHtml(g, { charset: 'gb2312' }),
  },
  {
    name: 'html-hybrid-site',
    ext: 'html',
    gold: { seed: 707, agency: '示例市青桐区民政局', year: 2022, template: '2021', t3Shape: 'single-other' },
    notes: 'Government site page: scripts, nav, breadcrumbs, layout table with a menu, hidden trap block, footer; hybrid report.',
    write: (g) => sitePageHtml(g),
  },
];

for (const dir of ['docx', 'html', 'gold']) mkdirSync(join(root, 'test', 'fixtures', dir), { recursive: true });
for (const f of FIXTURES) {
  const file = `${f.name}.${f.ext}`;
  const gold = randomGold({ ...f.gold, name: file, notes: f.notes });
  writeFileSync(join(root, 'test', 'fixtures', f.ext, file), f.write(gold));
  writeFileSync(join(root, 'test', 'fixtures', 'gold', `${f.name}.json`), JSON.stringify(gold, null, 1) + '\n');
  console.log(`test/fixtures/${f.ext}/${file}`);
}
