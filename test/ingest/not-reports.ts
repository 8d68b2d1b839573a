/**
 * Files for the acceptance tests (src/ingest/accept.ts): things that are not reports, made here
 * (invented texts, generated images, hand-made containers), and every real report the project
 * has (seeds, corpus, fixtures of every format, the demo set), read from where they live.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { demoSet } from '../../src/synth/demo.js';
import { demoPdfFiles } from '../../src/synth/demo-pdf.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED = join(ROOT, '..', 'shared');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const file = (...p: string[]): Uint8Array => new Uint8Array(readFileSync(join(...p)));

/** An invented news item about disclosure work, with a year and a date: not a report. */
export const NEWS =
  '我县召开2024年政务公开工作推进会\n' +
  '3月5日，县政府办公室召开全县政务公开工作推进会。会议总结了2023年，全县政务公开工作情况，要求各单位进一步做好主动公开和依申请公开工作，' +
  '依法依规办理政府信息公开申请，按时发布政府信息公开工作年度报告。\n会议强调，要加强行政规范性文件、行政许可、行政处罚等信息的公开。\n';

/** Random pixels (a photo with nothing written in it), `w`×`h`, as PNG. */
export async function noisePng(w = 400, h = 300): Promise<Uint8Array> {
  const px = Buffer.alloc(w * h * 3);
  let s = 7;
  for (let i = 0; i < px.length; i++) px[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  return new Uint8Array(
    await sharp(px, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toBuffer(),
  );
}

/** A colour gradient (a blurred photo of the sky), as JPEG. */
export async function gradientJpeg(w = 1200, h = 900): Promise<Uint8Array> {
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.set([(x * 255) / w, (y * 255) / h, 128], (y * w + x) * 3);
  return new Uint8Array(
    await sharp(px, { raw: { width: w, height: h, channels: 3 } })
      .jpeg()
      .toBuffer(),
  );
}

/** Lines of Chinese text drawn on an A4 page scanned at 200 dpi (Noto CJK, about 14 pt), as PNG. */
export async function textPng(lines: string[], background = '#ffffff'): Promise<Uint8Array> {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = lines.map((l, i) => `<text x="200" y="${400 + i * 80}" font-size="40" font-family="Noto Serif CJK SC" fill="#111">${esc(l)}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="100%" height="100%" fill="${background}"/>${body}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg), { density: 72 }).withMetadata({ density: 200 }).png().toBuffer());
}

/** A photo of a shop sign: text, but nothing of a report. */
export const signPng = (): Promise<Uint8Array> => textPng(['欢迎光临青禾县便民服务中心', '营业时间 9:00—18:00'], '#88aabb');

/** A photographed page of a report's narrative: no title, no heading, no table, only its words. */
export const reportWordsPng = (): Promise<Uint8Array> =>
  textPng([
    '一年来，本机关认真贯彻政府信息公开条例，',
    '坚持以公开为常态，做好主动公开工作，',
    '依法办理政府信息公开申请，按时答复，',
    '全年未发生政府信息公开行政复议。',
  ]);

/**
 * An OLE compound file (version 3, 512-byte sectors) whose directory names the streams given:
 * with EncryptionInfo and EncryptedPackage it is how Word and WPS save a DOCX with a password.
 */
export function oleFile(streams: string[]): Uint8Array {
  const b = new Uint8Array(512 * 3);
  const dv = new DataView(b.buffer);
  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  dv.setUint16(24, 0x3e, true);
  dv.setUint16(26, 3, true);
  dv.setUint16(28, 0xfffe, true);
  dv.setUint16(30, 9, true);
  dv.setUint16(32, 6, true);
  dv.setUint32(44, 1, true); // one FAT sector (sector 0)
  dv.setUint32(48, 1, true); // directory in sector 1
  dv.setUint32(56, 4096, true);
  dv.setUint32(60, 0xfffffffe, true);
  dv.setUint32(68, 0xfffffffe, true);
  for (let i = 0; i < 109; i++) dv.setUint32(76 + i * 4, i === 0 ? 0 : 0xffffffff, true);
  for (let i = 0; i < 128; i++) dv.setUint32(512 + i * 4, i === 0 ? 0xfffffffd : i === 1 ? 0xfffffffe : 0xffffffff, true);
  ['Root Entry', ...streams].forEach((name, k) => {
    const at = 1024 + k * 128;
    for (let i = 0; i < name.length; i++) dv.setUint16(at + i * 2, name.charCodeAt(i), true);
    dv.setUint16(at + 64, (name.length + 1) * 2, true);
    b[at + 66] = k === 0 ? 5 : 2;
    b[at + 67] = 1;
    dv.setUint32(at + 68, 0xffffffff, true);
    dv.setUint32(at + 72, k > 0 && k < streams.length ? k + 1 : 0xffffffff, true);
    dv.setUint32(at + 76, k === 0 ? 1 : 0xffffffff, true);
    dv.setUint32(at + 116, 0xfffffffe, true);
  });
  return b;
}

export const encryptedDocx = (): Uint8Array => oleFile(['EncryptionInfo', 'EncryptedPackage']);

/** A real DOCX cut at 60 %: its zip directory is gone. */
export const damagedDocx = (): Uint8Array => {
  const good = file(FIXTURES, 'docx', 'docx-2021-template.docx');
  return good.slice(0, Math.floor(good.length * 0.6));
};

/** A real PDF cut in half: pdfjs cannot open it. */
export const damagedPdf = (): Uint8Array => {
  const good = file(FIXTURES, 'pdf', 'pdf-2021-basic.pdf');
  return good.slice(0, Math.floor(good.length / 2));
};

/** A PDF with two pages and nothing on them (OCR finds no text). */
export function blankPdf(): Uint8Array {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = objs.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return enc(out);
}

/** A real report of which only the title and the opening survived (the tables lost): to be kept. */
export const titleOnly = (): Uint8Array => {
  const seed = readdirSync(join(SHARED, 'seeds')).find((f) => f.endsWith('.txt'))!;
  return enc(
    readFileSync(join(SHARED, 'seeds', seed), 'utf8')
      .split('\n')
      .slice(0, 6)
      .join('\n'),
  );
};

/**
 * The first quarter of a crawled page copied as one line (河北省工业和信息化厅 2022: no title, the
 * headings run into the text): the parser finds nothing, the statistics-period sentence is there.
 */
export const pageStart = (): Uint8Array => {
  const t = readFileSync(join(SHARED, 'corpus', '河北省工业和信息化厅-2022.txt'), 'utf8');
  return enc(t.slice(0, Math.floor(t.length / 4)));
};

/** Every real report there is: seeds, corpus (index.tsv), fixtures of every format, the hostile-but-readable PDF, the demo set with its PDF and scan. */
export async function allReports(): Promise<{ kind: string; name: string; bytes: Uint8Array }[]> {
  const out: { kind: string; name: string; bytes: Uint8Array }[] = [];
  for (const f of readdirSync(join(SHARED, 'seeds')).filter((f) => f.endsWith('.txt'))) out.push({ kind: 'seed', name: f, bytes: file(SHARED, 'seeds', f) });
  const index = readFileSync(join(SHARED, 'corpus', 'index.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  for (const line of index) {
    const f = line.split('\t')[0]!;
    out.push({ kind: 'corpus', name: f, bytes: file(SHARED, 'corpus', f) });
  }
  for (const dir of ['docx', 'html', 'pdf', 'legacy'])
    for (const f of readdirSync(join(FIXTURES, dir)).filter((f) => /\.(docx|html|pdf|doc)$/.test(f)))
      out.push({ kind: 'fixture', name: `${dir}/${f}`, bytes: file(FIXTURES, dir, f) });
  // Printing and editing restricted, opened without a password: a report like any other.
  out.push({ kind: 'hostile', name: 'pdf/hostile/restricted.pdf', bytes: file(FIXTURES, 'pdf', 'hostile', 'restricted.pdf') });
  const demo = demoSet();
  for (const f of demo.files) out.push({ kind: 'demo', name: f.name, bytes: f.bytes });
  for (const f of (await demoPdfFiles(demo.pending)).files) out.push({ kind: 'demo', name: f.name, bytes: f.bytes });
  return out;
}
