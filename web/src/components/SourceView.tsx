/**
 * The report as the unit sent it: decoded text with line numbers, or the PDF's page images
 * with boxes over the cells. Cells with problems are marked; the current selection is lit up
 * and scrolled to. Report text is rendered as text (React escapes it), never as HTML.
 */
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Empty, Segmented, Typography } from 'antd';
import { api } from '../lib/api';
import { boxToRect, padRect, PAGE_PX_PER_PT } from '../lib/pdf';
import { pieces, splitLines, type Line, type Mark } from '../lib/segments';

export type Box = [number, number, number, number];

/** Where to look in the source; `nonce` changes on every request to scroll again. */
export interface Focus {
  span: [number, number] | null;
  /** 1-based line, lit up whole when there is no span. */
  line: number | null;
  page: number | null;
  box: Box | null;
  nonce: number;
}

export interface PdfMark {
  page: number;
  box: Box;
  kind: Mark['kind'];
  cell?: string;
  title: string;
}

interface Props {
  reportId: number;
  text: string | null;
  pages: number | null;
  /** Marks for the text view (spans). */
  marks: Mark[];
  /** Marks for the PDF view (page + box). */
  pdfMarks: PdfMark[];
  focus: Focus | null;
  onPickCell: (cellKey: string) => void;
  pxPerPt?: number;
}

export function SourceView(p: Props) {
  const pane = useRef<HTMLDivElement>(null);
  const [loadTick, setLoadTick] = useState(0);
  const [zoom, setZoom] = useState(1);
  // Per selection: scroll to its page at once, then to its highlight as soon as it is drawn
  // (a PDF box appears only when its page image has loaded) — and then leave the reader alone.
  const scrolled = useRef<{ nonce: number; onTarget: boolean }>({ nonce: -1, onTarget: false });
  useLayoutEffect(() => {
    const f = p.focus;
    const el = pane.current;
    if (!f || !el) return;
    const st = scrolled.current;
    const first = st.nonce !== f.nonce;
    if (first) scrolled.current = { nonce: f.nonce, onTarget: false };
    if (scrolled.current.onTarget) return;
    const hit = el.querySelector<HTMLElement>('[data-testid="source-highlight"]');
    if (hit) {
      hit.scrollIntoView({ block: 'center', inline: 'center' });
      scrolled.current.onTarget = true;
    } else if (first && f.page !== null) el.querySelector<HTMLElement>(`[data-page="${f.page}"]`)?.scrollIntoView({ block: 'start' });
  }, [p.focus, loadTick]);
  if (p.text !== null)
    return (
      <div className="source-pane" ref={pane} data-testid="source-text">
        <TextSource text={p.text} marks={p.marks} activeLine={p.focus && !p.focus.span ? p.focus.line : null} onPickCell={p.onPickCell} />
      </div>
    );
  if (p.pages !== null && p.pages > 0)
    return (
      <div className="source-pane source-pdf" ref={pane} data-testid="source-pdf">
        <div className="pdf-toolbar">
          <Segmented
            size="small"
            value={zoom}
            onChange={(v) => setZoom(Number(v))}
            options={[
              { value: 1, label: '适应宽度' },
              { value: 1.5, label: '150%' },
              { value: 2, label: '200%' },
            ]}
            data-testid="pdf-zoom"
          />
        </div>
        {Array.from({ length: p.pages }, (_, i) => i + 1).map((n) => (
          <PdfPage
            key={n}
            reportId={p.reportId}
            page={n}
            marks={p.pdfMarks.filter((m) => m.page === n)}
            pxPerPt={p.pxPerPt ?? PAGE_PX_PER_PT}
            onPickCell={p.onPickCell}
            onLoaded={() => {
              if (n === p.focus?.page) setLoadTick((t) => t + 1);
            }}
            eager={n === 1 || n === p.focus?.page}
            zoom={zoom}
          />
        ))}
      </div>
    );
  return (
    <div className="source-pane">
      <Empty description="没有可显示的原文" />
    </div>
  );
}

const TextSource = memo(function TextSource({
  text,
  marks,
  activeLine,
  onPickCell,
}: {
  text: string;
  marks: Mark[];
  activeLine: number | null;
  onPickCell: (k: string) => void;
}) {
  const lines = useMemo(() => splitLines(text), [text]);
  // Marks per line, so unmarked lines render as plain text.
  const byLine = useMemo(() => {
    const m = new Map<number, Mark[]>();
    if (marks.length === 0) return m;
    for (const l of lines) {
      const end = l.start + l.text.length;
      const hit = marks.filter((x) => x.end > l.start && x.start < end);
      if (hit.length) m.set(l.no, hit);
    }
    return m;
  }, [lines, marks]);
  return (
    <div className="src-lines">
      {lines.map((l) => (
        <SourceLine key={l.no} line={l} marks={byLine.get(l.no)} active={l.no === activeLine} onPickCell={onPickCell} />
      ))}
    </div>
  );
});

const SourceLine = memo(function SourceLine({
  line,
  marks,
  active,
  onPickCell,
}: {
  line: Line;
  marks: Mark[] | undefined;
  active: boolean;
  onPickCell: (k: string) => void;
}) {
  return (
    <div className={active ? 'src-line src-line-active' : 'src-line'} data-line={line.no} {...(active ? { 'data-testid': 'source-highlight' } : {})}>
      <span className="src-no">{line.no}</span>
      <span className="src-text">
        {marks
          ? pieces(line, marks).map((p, i) =>
              p.mark ? (
                <mark
                  key={i}
                  className={`src-mark src-mark-${p.mark.kind}`}
                  data-testid={p.mark.kind === 'active' ? 'source-highlight' : 'source-mark'}
                  onClick={p.mark.cell ? () => onPickCell(p.mark!.cell!) : undefined}
                >
                  {p.text}
                </mark>
              ) : (
                <span key={i}>{p.text}</span>
              ),
            )
          : line.text || '\u00a0'}
      </span>
    </div>
  );
});

function PdfPage({
  reportId,
  page,
  marks,
  pxPerPt,
  onPickCell,
  onLoaded,
  eager,
  zoom,
}: {
  reportId: number;
  page: number;
  marks: PdfMark[];
  pxPerPt: number;
  onPickCell: (k: string) => void;
  onLoaded: () => void;
  eager: boolean;
  zoom: number;
}) {
  const img = useRef<HTMLImageElement>(null);
  const [dims, setDims] = useState<{ natural: number; shown: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const measure = (): void => {
    const el = img.current;
    if (el && el.naturalWidth > 0) setDims({ natural: el.naturalWidth, shown: el.clientWidth });
  };
  useEffect(() => {
    const el = img.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return (
    <div className="pdf-page" data-page={page} data-testid={`pdf-page-${page}`}>
      <div className="pdf-page-no">第 {page} 页</div>
      <div className="pdf-page-frame" style={{ width: `${zoom * 100}%` }}>
        {failed ? (
          <Typography.Text type="secondary">第 {page} 页图像无法加载</Typography.Text>
        ) : (
          <img
            ref={img}
            src={api.page(reportId, page)}
            alt={`第 ${page} 页`}
            loading={eager ? 'eager' : 'lazy'}
            className={dims ? 'pdf-img' : 'pdf-img pdf-img-loading'}
            onLoad={() => {
              measure();
              onLoaded();
            }}
            onError={() => setFailed(true)}
          />
        )}
        {dims &&
          marks.map((m, i) => {
            const r = boxToRect(m.box, dims.natural, dims.shown, pxPerPt);
            if (!r) return null;
            const q = padRect(r, 2);
            return (
              <div
                key={i}
                className={`pdf-box pdf-box-${m.kind}`}
                data-testid={m.kind === 'active' ? 'source-highlight' : 'pdf-box'}
                title={m.title}
                style={{ left: q.left, top: q.top, width: q.width, height: q.height }}
                onClick={m.cell ? () => onPickCell(m.cell!) : undefined}
              />
            );
          })}
      </div>
    </div>
  );
}
