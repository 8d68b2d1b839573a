/**
 * The piece of the original page a cell was read from (a scan or a PDF), cut out of the page
 * image the server renders, so a reviewer sees what was printed beside what was read.
 */
import { ROUTES } from '../../../src/server/routes';
import { PAGE_PX_PER_PT } from '../lib/pdf';

/** Points of page shown around the box, across and along (the cell's rules and neighbours give context). */
const PAD_X = 16;
const PAD_Y = 8;

export function CellCrop({ reportId, page, box, zoom = 2 }: { reportId: number; page: number; box: readonly [number, number, number, number]; zoom?: number }) {
  const [x0, y0, x1, y1] = box;
  const left = Math.max(0, Math.min(x0, x1) - PAD_X);
  const top = Math.max(0, Math.min(y0, y1) - PAD_Y);
  const w = Math.min(Math.abs(x1 - x0) + 2 * PAD_X, 240);
  const h = Math.min(Math.abs(y1 - y0) + 2 * PAD_Y, 80);
  // CSS pixels per point: the page image has PAGE_PX_PER_PT pixels per point, shown at zoom ÷ that.
  const k = zoom;
  const scale = k / PAGE_PX_PER_PT;
  return (
    <span
      className="cell-crop"
      data-testid="cell-crop"
      style={{
        display: 'inline-block',
        position: 'relative',
        overflow: 'hidden',
        width: w * k,
        height: h * k,
        border: '1px solid #d9d9d9',
        background: '#fff',
        verticalAlign: 'middle',
      }}
      title={`第${page}页原件`}
    >
      <img
        src={ROUTES.page.path(reportId, page)}
        alt={`第${page}页原件`}
        draggable={false}
        style={{
          position: 'absolute',
          left: 0,
          top: 0,
          maxWidth: 'none',
          transformOrigin: '0 0',
          transform: `translate(${-left * k}px, ${-top * k}px) scale(${scale})`,
        }}
      />
    </span>
  );
}
