import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shapeArea, shapeAtPoint } from './geometry.js';

const box = (x, y, w, h) => ({ type: 'bbox', label_id: 1, x, y, w, h });

test('a click picks the smallest shape under it, whatever the drawing order', () => {
  const large = box(0, 0, 400, 300);
  const small = box(100, 100, 20, 20);
  assert.equal(shapeAtPoint([small, large], { x: 110, y: 110 }), 0);
  assert.equal(shapeAtPoint([large, small], { x: 110, y: 110 }), 1);
  assert.equal(shapeAtPoint([large, small], { x: 10, y: 10 }), 0);
  assert.equal(shapeAtPoint([large, small], { x: 500, y: 10 }), -1);
});

test('equal shapes resolve to the one drawn last, and polygons count by their own area', () => {
  assert.equal(shapeAtPoint([box(0, 0, 10, 10), box(0, 0, 10, 10)], { x: 5, y: 5 }), 1);
  const triangle = { type: 'polygon', label_id: 1, points: [[0, 0], [100, 0], [0, 100]] };
  assert.equal(shapeArea(triangle), 5000);
  assert.equal(shapeAtPoint([triangle, box(0, 0, 80, 80)], { x: 10, y: 10 }), 0);
  assert.equal(shapeAtPoint([{ type: 'tag', label_id: 1 }], { x: 0, y: 0 }), -1);
});

test('a box from two corners in any order, and the corner a handle resizes from', async () => {
  const { anchorFor, boxFromCorners, boxHandles, edgeMidpoints, polygonArea } = await import('./geometry.js');
  assert.deepEqual(boxFromCorners({ x: 30, y: 5 }, { x: 10, y: 25 }), { x: 10, y: 5, w: 20, h: 20 });
  const shape = box(10, 20, 30, 40);
  const handles = boxHandles(shape);
  const bottomRight = handles.reduce((a, b) => (b.x + b.y > a.x + a.y ? b : a));
  assert.deepEqual(anchorFor(bottomRight.name, shape), { x: 10, y: 20 });
  assert.equal(polygonArea([[0, 0], [10, 0], [10, 10], [0, 10]]), 100);
  assert.equal(polygonArea([[0, 0], [5, 5], [10, 10]]), 0, 'points on one line have no area');
  assert.deepEqual(edgeMidpoints([[0, 0], [10, 0], [0, 10]]).map((m) => [m.x, m.y, m.index]), [[5, 0, 1], [5, 5, 2], [0, 5, 3]]);
});
