import { test } from 'node:test';
import assert from 'node:assert/strict';
import { merged, onlyIn, shapeKey } from './merge.js';

const box = (label, x) => ({ type: 'bbox', label_id: label, x, y: 10, w: 20, h: 20 });

test('shapes compare by type, label and coordinates to a hundredth of a pixel', () => {
  assert.equal(shapeKey(box(1, 5)), shapeKey({ ...box(1, 5.001) }));
  assert.notEqual(shapeKey(box(1, 5)), shapeKey(box(2, 5)));
  assert.equal(shapeKey({ type: 'tag', label_id: 3, suggested_by_version_id: 9 }), shapeKey({ type: 'tag', label_id: 3 }));
  const triangle = { type: 'polygon', label_id: 1, points: [[0, 0], [10, 0], [0, 10]] };
  assert.notEqual(shapeKey(triangle), shapeKey({ ...triangle, points: [[0, 0], [10, 0], [0, 11]] }));
});

test('a merge keeps both sides’ shapes once each, mine first', () => {
  const mine = [box(1, 0), box(1, 50), { type: 'tag', label_id: 2 }];
  const theirs = [box(1, 0), box(2, 100), { type: 'tag', label_id: 2 }, { type: 'tag', label_id: 3 }];
  assert.deepEqual(onlyIn(theirs, mine), [box(2, 100), { type: 'tag', label_id: 3 }]);
  assert.deepEqual(onlyIn(mine, theirs), [box(1, 50)]);
  const both = merged(mine, theirs);
  assert.deepEqual(both, [...mine, box(2, 100), { type: 'tag', label_id: 3 }]);
  both[0].x = 999;
  assert.equal(mine[0].x, 0);
});
