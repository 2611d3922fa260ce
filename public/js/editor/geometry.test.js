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
