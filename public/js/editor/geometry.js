// Plane geometry in image pixels for hit-testing and editing shapes.

export const clamp = (value, low, high) => Math.min(Math.max(value, low), high);

/** The box spanned by two corners, in either order. */
export function boxFromCorners(a, b) {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

export function insideBox(p, box) {
  return p.x >= box.x && p.x <= box.x + box.w && p.y >= box.y && p.y <= box.y + box.h;
}

/** Even-odd ray casting. */
export function insidePolygon(p, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if ((yi > p.y) !== (yj > p.y) && p.x < ((xj - xi) * (p.y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function distance(a, b) {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Twice the signed area is enough to tell a real polygon from a flat one. */
export function polygonArea(points) {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i];
    const [x2, y2] = points[(i + 1) % points.length];
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

/** The four corners of a box as named handles, for resizing. */
export function boxHandles(box) {
  return [
    { name: 'nw', x: box.x, y: box.y }, { name: 'ne', x: box.x + box.w, y: box.y },
    { name: 'se', x: box.x + box.w, y: box.y + box.h }, { name: 'sw', x: box.x, y: box.y + box.h },
  ];
}

/** The opposite corner of a handle stays put while the handle is dragged. */
export function anchorFor(handle, box) {
  const right = box.x + box.w;
  const bottom = box.y + box.h;
  return { nw: { x: right, y: bottom }, ne: { x: box.x, y: bottom }, se: { x: box.x, y: box.y }, sw: { x: right, y: box.y } }[handle];
}

/** Midpoints of a polygon's edges: dragging one inserts a vertex there. */
export function edgeMidpoints(points) {
  return points.map(([x, y], i) => {
    const [nx, ny] = points[(i + 1) % points.length];
    return { index: i + 1, x: (x + nx) / 2, y: (y + ny) / 2 };
  });
}

/** A box's or polygon's area in image pixels² (a tag has none). */
export function shapeArea(shape) {
  if (shape.type === 'bbox') return shape.w * shape.h;
  if (shape.type === 'polygon') return polygonArea(shape.points);
  return 0;
}

export function contains(shape, p) {
  if (shape.type === 'bbox') return insideBox(p, shape);
  if (shape.type === 'polygon') return insidePolygon(p, shape.points);
  return false;
}

/** The index of the smallest shape under `p` (of equal ones, the one drawn last), or -1: a small box
 * inside a large one stays reachable with a click, as in Label Studio. `usable(i)` leaves out shapes
 * a click must pass through (hidden or locked ones). */
export function shapeAtPoint(shapes, p, usable = () => true) {
  let best = -1;
  for (let i = 0; i < shapes.length; i++) {
    if (contains(shapes[i], p) && usable(i) && (best < 0 || shapeArea(shapes[i]) <= shapeArea(shapes[best]))) best = i;
  }
  return best;
}
