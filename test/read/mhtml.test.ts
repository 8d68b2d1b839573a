/** A web page saved as one file (MHTML): read as the page it holds. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseReport, readDocument } from '../../src/index.js';
import { decodeQuotedPrintable } from '../../src/read/mhtml.js';
import { encodeGb18030 } from '../../src/synth/html-fixture.js';

const page = readFileSync(join(__dirname, '..', 'fixtures', 'html', 'html-2021-word-utf8.html'));

/** Bytes → quoted-printable, lines of at most 76 characters ending in soft breaks. */
function qp(b: Uint8Array): string {
  let out = '';
  let line = '';
  for (const c of b) {
    const t =
      c === 0x0a ? '\r\n' : (c >= 33 && c <= 126 && c !== 61) || c === 32 ? String.fromCharCode(c) : `=${c.toString(16).toUpperCase().padStart(2, '0')}`;
    if (t === '\r\n') {
      out += line + '\r\n';
      line = '';
      continue;
    }
    if (line.length + t.length > 75) {
      out += line + '=\r\n';
      line = '';
    }
    line += t;
  }
  return out + line;
}

/** The page as a browser saves it as one file: headers, the page quoted-printable, a picture in base64. */
function mhtml(html: Uint8Array, charset: string | null): Uint8Array {
  const b = '----MultipartBoundary--nianbaoTest----';
  const text = [
    'From: <Saved by Blink>',
    'Snapshot-Content-Location: http://www.example.gov.cn/zwgk/2022/nb.html',
    `Subject: =?utf-8?Q?${'=E5=B9=B4=E6=8A=A5'.repeat(80)}?=`,
    'Date: Tue, 10 Jan 2023 09:00:00 +0800',
    'MIME-Version: 1.0',
    'Content-Type: multipart/related;',
    '\ttype="text/html";',
    `\tboundary="${b}"`,
    '',
    '',
    `--${b}`,
    `Content-Type: text/html${charset ? `; charset="${charset}"` : ''}`,
    'Content-ID: <frame-1@mhtml.blink>',
    'Content-Transfer-Encoding: quoted-printable',
    'Content-Location: http://www.example.gov.cn/zwgk/2022/nb.html',
    '',
    qp(html),
    '',
    `--${b}`,
    'Content-Type: image/png',
    'Content-Transfer-Encoding: base64',
    'Content-Location: http://www.example.gov.cn/images/t3.png',
    '',
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    '',
    `--${b}--`,
    '',
  ].join('\r\n');
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

describe('MHTML (a web page saved as one file)', () => {
  it('decodes quoted-printable: soft breaks dropped, =XX bytes, a stray = kept', () => {
    expect(Buffer.from(decodeQuotedPrintable('a=3Db=\r\nc=E5=B9=B4 x=y')).toString('utf8')).toBe('a=bc年 x=y');
  });

  it('is told from HTML and text by its MIME headers, a long encoded subject before them', () => {
    expect(detectFormat(mhtml(page, 'utf-8'))).toBe('mhtml');
    expect(detectFormat(page)).toBe('html');
  });

  it('reads the page it holds as the page itself, and says the picture was not read', async () => {
    const direct = await parseReport(page, { path: 'nb.html' });
    const saved = await parseReport(mhtml(page, 'utf-8'), { path: 'nb.mht' });
    const values = (r: typeof direct): string[] => r.cells.map((c) => `${c.table}.${c.row}.${c.col}=${c.value}/${c.status}`).sort();
    expect(values(saved)).toEqual(values(direct));
    expect(saved.cells.filter((c) => c.value !== null).length).toBeGreaterThan(100);
    const note = (await readDocument(mhtml(page, 'utf-8'))).findings.find((f) => f.rule === 'R.mhtml');
    expect(note?.message).toMatch(/1 张图片未读取/);
  });

  it('takes the part’s charset when the page declares none (a GBK page)', async () => {
    const gb = encodeGb18030(page.toString('utf8').replace(/<meta[^>]*charset[^>]*>/gi, ''));
    const r = await readDocument(mhtml(gb, 'gb2312'));
    expect(r.text).toContain('本年新收政府信息公开申请数量');
    expect(r.text).not.toContain('\uFFFD');
  });

  it('says so when the file holds no page', async () => {
    const noPage = Buffer.from(Buffer.from(mhtml(page, 'utf-8')).toString('latin1').replace('Content-Type: text/html', 'Content-Type: text/plain'), 'latin1');
    const r = await readDocument(new Uint8Array(noPage));
    expect(r.findings.some((f) => f.rule === 'R.unreadable' && /没有网页正文/.test(f.message))).toBe(true);
  });
});
