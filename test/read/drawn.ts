/** A black-and-white page drawn for a test (1 = ink): filled rectangles [x0, y0, x1, y1). */
export function drawn(w: number, h: number): { bw: Uint8Array; fill: (x0: number, y0: number, x1: number, y1: number) => void } {
  const bw = new Uint8Array(w * h);
  const fill = (x0: number, y0: number, x1: number, y1: number): void => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) bw[y * w + x] = 1;
  };
  return { bw, fill };
}
