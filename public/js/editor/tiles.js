// Tile maths for huge images: which level of the pyramid the current zoom needs, and which of its
// 256-px tiles cover the view. Level 0 is full size; level n is ⌈size / 2ⁿ⌉. Pure: no DOM.

export const TILE = 256;

/** The size of `level`: each level halves the one above, rounding up. */
export function levelSize(width, height, level) {
  let [w, h] = [width, height];
  for (let n = 0; n < level; n++) [w, h] = [Math.ceil(w / 2), Math.ceil(h / 2)];
  return [w, h];
}

/** The coarsest level that still has a pixel for every device pixel at `scale` (css px per image
 * px) × `ratio`, or -1 when the display rendition (`displaySide` px on the image's longer side)
 * has that many already. */
export function levelFor({ scale, ratio = 1, levels, width, height, displaySide = 2048 }) {
  const needed = scale * ratio;  // device pixels per image pixel
  const rendition = Math.min(1, displaySide / Math.max(width, height));
  if (levels === 0 || needed <= rendition) return -1;
  const level = Math.floor(Math.log2(1 / needed));
  return Math.max(0, Math.min(levels - 1, level));
}

/** The tiles of `level` meeting the view rectangle [left, top, right, bottom] (image pixels), each with
 * the part of the image it covers, {level, x, y, left, top, width, height} in image pixels. */
export function tilesInView(view, level, width, height) {
  const step = 2 ** level;  // image pixels per level pixel
  const [w, h] = levelSize(width, height, level);
  const span = TILE * step;
  const x0 = Math.max(0, Math.floor(view[0] / span)), x1 = Math.min(Math.ceil(w / TILE) - 1, Math.floor(view[2] / span));
  const y0 = Math.max(0, Math.floor(view[1] / span)), y1 = Math.min(Math.ceil(h / TILE) - 1, Math.floor(view[3] / span));
  const tiles = [];
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const left = x * span, top = y * span;
      tiles.push({ level, x, y, left, top, width: Math.min(span, width - left), height: Math.min(span, height - top) });
    }
  }
  return tiles;
}
