// Two versions of one image's shapes, compared and merged: what a conflict shows and offers.

const round = (value) => Math.round(value * 100) / 100;

/** A shape's identity for comparison: type, label and coordinates to 0.01 px (a tag: type and label). */
export function shapeKey(shape) {
  if (shape.type === 'tag') return `tag:${shape.label_id}`;
  if (shape.type === 'bbox') return `bbox:${shape.label_id}:${[shape.x, shape.y, shape.w, shape.h].map(round).join(',')}`;
  return `polygon:${shape.label_id}:${shape.points.map(([x, y]) => `${round(x)},${round(y)}`).join(';')}`;
}

/** The shapes of `a` that `b` does not have. */
export function onlyIn(a, b) {
  const keys = new Set(b.map(shapeKey));
  return a.filter((shape) => !keys.has(shapeKey(shape)));
}

/** Mine, then theirs that mine lacks: nobody's shape is dropped, and none is doubled. */
export function merged(mine, theirs) {
  return [...mine, ...onlyIn(theirs, mine)].map((shape) => JSON.parse(JSON.stringify(shape)));
}
