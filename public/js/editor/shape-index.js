// A uniform grid over the image holding each shape's bounding box, so a pointer move tests the few
// shapes near it and a frame draws only the shapes in view, whatever their number. Built once per set
// of shapes (the model replaces its array on every edit, so the array is the key). Pure: no DOM.
import { contains, shapeArea } from './geometry.js';

const GRID = 64;           // cells along the image's longer side
const WIDE = GRID * GRID / 8;  // a shape over this many cells is kept in one list, tested every time

/** [left, top, right, bottom] of a box or polygon. */
export function boundsOf(shape) {
  if (shape.type === 'bbox') return [shape.x, shape.y, shape.x + shape.w, shape.y + shape.h];
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of shape.points) {
    if (x < left) left = x;
    if (x > right) right = x;
    if (y < top) top = y;
    if (y > bottom) bottom = y;
  }
  return [left, top, right, bottom];
}

export class ShapeIndex {
  /** `shapes` in drawing order; `width` × `height` the image's size in pixels. */
  constructor(shapes, width, height) {
    this.shapes = shapes;
    this.cell = Math.max(8, Math.max(width, height) / GRID);
    this.columns = Math.ceil(width / this.cell) + 1;
    this.rows = Math.ceil(height / this.cell) + 1;
    this.cells = new Map();
    this.wide = [];
    this.bounds = new Array(shapes.length);
    this.stamps = new Uint32Array(shapes.length);
    this.stamp = 0;
    shapes.forEach((shape, index) => {
      if (shape.type === 'tag') return;
      const bounds = boundsOf(shape);
      this.bounds[index] = bounds;
      const [c0, r0, c1, r1] = this.span(bounds);
      if ((c1 - c0 + 1) * (r1 - r0 + 1) > WIDE) return this.wide.push(index);
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const key = r * this.columns + c;
          const list = this.cells.get(key);
          if (list) list.push(index); else this.cells.set(key, [index]);
        }
      }
    });
  }

  /** The cells a rectangle covers, clipped to the grid. */
  span([left, top, right, bottom]) {
    const clip = (value, high) => Math.min(high - 1, Math.max(0, Math.floor(value / this.cell)));
    return [clip(left, this.columns), clip(top, this.rows), clip(right, this.columns), clip(bottom, this.rows)];
  }

  /** Indices of the shapes whose bounds meet the rectangle, in drawing order. */
  within(rect) {
    const [c0, r0, c1, r1] = this.span(rect);
    const found = [];
    this.stamp += 1;
    const take = (index) => {
      if (this.stamps[index] === this.stamp) return;
      this.stamps[index] = this.stamp;
      const [left, top, right, bottom] = this.bounds[index];
      if (right >= rect[0] && left <= rect[2] && bottom >= rect[1] && top <= rect[3]) found.push(index);
    };
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) this.cells.get(r * this.columns + c)?.forEach(take);
    }
    this.wide.forEach(take);
    return found.sort((a, b) => a - b);
  }

  /** The smallest shape under `p` that `usable(i)` allows (of equal ones, the one drawn last), or -1 —
   * the same answer as testing every shape (`shapeAtPoint`), from the few in p's cell. */
  at(p, usable = () => true) {
    let best = -1;
    let bestArea = Infinity;
    for (const index of this.within([p.x, p.y, p.x, p.y])) {
      const shape = this.shapes[index];
      if (!usable(index) || !contains(shape, p)) continue;
      const area = shapeArea(shape);
      if (area <= bestArea) {
        best = index;
        bestArea = area;
      }
    }
    return best;
  }
}

const built = new WeakMap();

/** The index of `shapes`, built on first use and kept while the array lives. */
export function indexOf(shapes, width, height) {
  let index = built.get(shapes);
  if (!index) {
    index = new ShapeIndex(shapes, width, height);
    built.set(shapes, index);
  }
  return index;
}
