import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeIndex, boundsOf, indexOf } from './shape-index.js';
import { shapeAtPoint } from './geometry.js';

/** A seeded scatter of boxes and 100-vertex polygons over a 4000 × 3000 image, like the benchmark's. */
function crowd(boxes, polygons, seed = 7) {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const shapes = [];
  for (let i = 0; i < boxes; i++) {
    shapes.push({ type: 'bbox', label_id: 1 + (i % 3), x: random() * 3900, y: random() * 2900, w: 5 + random() * 90, h: 5 + random() * 90 });
  }
  for (let i = 0; i < polygons; i++) {
    const cx = 100 + random() * 3800, cy = 100 + random() * 2800, r = 20 + random() * 80;
    shapes.push({ type: 'polygon', label_id: 4, points: Array.from({ length: 100 }, (_, k) => {
      const angle = (k / 100) * 2 * Math.PI;
      const wobble = r * (0.7 + 0.3 * Math.sin(5 * angle));
      return [cx + wobble * Math.cos(angle), cy + wobble * Math.sin(angle)];
    }) });
  }
  shapes.push({ type: 'tag', label_id: 1 });
  shapes.push({ type: 'bbox', label_id: 9, x: 0, y: 0, w: 4000, h: 3000 });  // one shape over everything
  return { shapes, random };
}

test('hit tests agree with testing every shape, at a thousand points', () => {
  const { shapes, random } = crowd(2000, 200);
  const index = new ShapeIndex(shapes, 4000, 3000);
  for (let i = 0; i < 1000; i++) {
    const p = { x: random() * 4000, y: random() * 3000 };
    assert.equal(index.at(p), shapeAtPoint(shapes, p), `at ${p.x}, ${p.y}`);
  }
  // And with some shapes passed through (hidden or locked)
  const usable = (i) => i % 5 !== 0;
  for (let i = 0; i < 300; i++) {
    const p = { x: random() * 4000, y: random() * 3000 };
    assert.equal(index.at(p, usable), shapeAtPoint(shapes, p, usable));
  }
});

test('a view rectangle gets exactly the shapes that meet it, in drawing order', () => {
  const { shapes } = crowd(500, 50);
  const index = new ShapeIndex(shapes, 4000, 3000);
  const rect = [1000, 800, 1600, 1300];
  const expected = shapes.flatMap((shape, i) => {
    if (shape.type === 'tag') return [];
    const [l, t, r, b] = boundsOf(shape);
    return r >= rect[0] && l <= rect[2] && b >= rect[1] && t <= rect[3] ? [i] : [];
  });
  assert.deepEqual(index.within(rect), expected);
  assert.ok(expected.length < shapes.length / 5, 'a small view draws a small part');
  assert.ok(expected.includes(shapes.length - 1), 'the shape over everything is always there');
});

test('shapes off the image and the index kept per array', () => {
  const shapes = [{ type: 'bbox', label_id: 1, x: -50, y: -50, w: 20, h: 20 }, { type: 'bbox', label_id: 1, x: 90, y: 90, w: 30, h: 30 }];
  const index = indexOf(shapes, 100, 100);
  assert.equal(index.at({ x: -40, y: -40 }), 0);
  assert.equal(index.at({ x: 110, y: 110 }), 1);
  assert.equal(indexOf(shapes, 100, 100), index, 'the same array: the same index');
  assert.notEqual(indexOf([...shapes], 100, 100), index);
});
