import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampedTo, copiedFrom, pasted } from './copy.js';
import { Model } from './model.js';
import { Command } from './commands.js';

const box = (x, y, w, h, extra = {}) => ({ type: 'bbox', label_id: 1, x, y, w, h, ...extra });

test('a shape is clamped to the smaller image, keeps its attributes and leaves its suggestion behind', () => {
  assert.deepEqual(clampedTo(box(150, 80, 100, 50, { attributes: { occluded: true }, suggestion_id: 9, edited: false }), 200, 100),
    box(150, 80, 50, 20, { attributes: { occluded: true } }));
  assert.equal(clampedTo(box(300, 10, 50, 50), 200, 100), null, 'wholly outside: nothing left');
  assert.equal(clampedTo(box(199.5, 10, 50, 50), 200, 100), null, 'under a pixel wide');
  const polygon = { type: 'polygon', label_id: 2, points: [[10, 10], [300, 10], [10, 300]] };
  assert.deepEqual(clampedTo(polygon, 200, 100).points, [[10, 10], [200, 10], [10, 100]]);
  assert.equal(clampedTo({ type: 'polygon', label_id: 2, points: [[250, 0], [300, 50], [260, 90]] }, 200, 100), null, 'flattened onto the edge');
});

test('pasting drops what falls outside, counts it, and never doubles a tag', () => {
  const copied = [box(10, 10, 20, 20), box(500, 500, 10, 10), { type: 'tag', label_id: 3 }, { type: 'tag', label_id: 4, suggested_by_version_id: 2 }];
  const { shapes, dropped } = pasted(copied, [{ type: 'tag', label_id: 3 }], 200, 100);
  assert.deepEqual(shapes, [box(10, 10, 20, 20), { type: 'tag', label_id: 4 }]);
  assert.equal(dropped, 1);
});

test('Ctrl+C takes the selection, or everything', () => {
  const shapes = [box(1, 1, 5, 5), box(20, 20, 5, 5)];
  assert.deepEqual(copiedFrom(shapes, 1), [shapes[1]]);
  assert.deepEqual(copiedFrom(shapes, -1), shapes);
  assert.notEqual(copiedFrom(shapes, -1)[0], shapes[0], 'a copy, not the same objects');
});

test('a paste is one undoable step, after which the last pasted shape is selected', () => {
  const model = new Model();
  model.apply(Command.add(box(0, 0, 5, 5)));
  model.apply(Command.addMany([box(10, 10, 5, 5), { type: 'tag', label_id: 1 }, box(30, 30, 5, 5)]));
  assert.equal(model.shapes.length, 4);
  assert.equal(model.selected, 3);
  assert.equal(model.apply(Command.addMany([])), false, 'nothing to paste is no step');
  model.undo();
  assert.equal(model.shapes.length, 1);
});
