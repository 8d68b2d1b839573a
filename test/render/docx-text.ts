/** Reading a DOCX back in tests: the texts of its runs, its table rows, its images. */
import { strFromU8, unzipSync } from 'fflate';

/** The texts of the document's runs, in order. */
export function docTexts(bytes: Uint8Array): { xml: string; texts: string[]; media: Record<string, Uint8Array> } {
  const files = unzipSync(bytes);
  const xml = strFromU8(files['word/document.xml']!);
  const texts = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!);
  const media = Object.fromEntries(Object.entries(files).filter(([k]) => k.startsWith('word/media/')));
  return { xml, texts, media };
}

/** The cells of the table row that starts with `first`. */
export function rowOf(xml: string, first: string): string[] | null {
  for (const row of xml.split('<w:tr>').slice(1)) {
    const cells = row
      .split('</w:tr>')[0]!
      .split('<w:tc>')
      .slice(1)
      .map((c) => c.split('</w:tc>')[0]!)
      .map((c) => [...c.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    if (cells[0] === first) return cells;
  }
  return null;
}
