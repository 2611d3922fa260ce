// The document and its commands: every edit is one command, recorded for undo; a no-op is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Model } from './model.js';
import { Command, applyCommand, deletionFor } from './commands.js';

const box = (label, x = 10, y = 10, w = 50, h = 40) => ({ type: 'bbox', label_id: label, x, y, w, h });
const triangle = (label) => ({ type: 'polygon', label_id: label, points: [[0, 0], [100, 0], [0, 100]] });

function recorded(model) {
  const events = [];
  model.on('change', () => events.push('change'));
  model.on('select', () => events.push('select'));
  return events;
}

test('draw with label 1, draw with label 2, relabel the first, then undo and redo each step', () => {
  const model = new Model();
  const events = recorded(model);
  model.apply(Command.add(box(1)));
  model.apply(Command.add(box(2, 100, 100)));
  assert.equal(model.selected, 1, 'a new shape is selected');
  model.apply(Command.relabel(0, 3));
  assert.deepEqual(model.shapes.map((s) => s.label_id), [3, 2]);
  assert.deepEqual(events, ['change', 'change', 'change']);
  model.undo();
  assert.deepEqual(model.shapes.map((s) => s.label_id), [1, 2]);
  model.undo();
  assert.deepEqual(model.shapes.map((s) => s.label_id), [1]);
  model.redo();
  model.redo();
  assert.deepEqual(model.shapes.map((s) => s.label_id), [3, 2]);
  assert.equal(model.canRedo, false);
});

test('a command that changes nothing is not recorded and tells nobody', () => {
  const model = new Model();
  model.reset([box(1)]);
  const events = recorded(model);
  assert.equal(model.apply(Command.move(0, 0, 0)), false);
  assert.equal(model.apply(Command.relabel(0, 1)), false);
  assert.equal(model.apply(Command.resize(0, { x: 10, y: 10, w: 50, h: 40 })), false);
  assert.equal(model.apply(Command.resize(0, { x: 10, y: 10, w: 0.5, h: 40 })), false, 'a collapsed box is refused');
  assert.equal(model.apply(Command.addTag(7)), true);
  assert.equal(model.apply(Command.addTag(7)), false, 'a tag the image has');
  assert.equal(model.undoStack.length, 1);
  assert.deepEqual(events, ['change']);
});

test('a new edit after an undo drops the redo history', () => {
  const model = new Model();
  model.apply(Command.add(box(1)));
  model.apply(Command.move(0, 5, 5));
  model.undo();
  assert.equal(model.canRedo, true);
  model.apply(Command.relabel(0, 2));
  assert.equal(model.canRedo, false);
  assert.deepEqual(model.shapes[0], box(2));
});

test('moves, resizes and vertex edits apply to their shape only, rounded to hundredths', () => {
  const shapes = [box(1), triangle(2)];
  const moved = applyCommand(shapes, Command.move(1, 1.006, -0.333)).shapes;
  assert.deepEqual(moved[1].points, [[1.01, -0.33], [101.01, -0.33], [1.01, 99.67]]);
  assert.deepEqual(moved[0], box(1));
  assert.deepEqual(applyCommand(shapes, Command.resize(0, { x: 1, y: 2, w: 3.333, h: 4 })).shapes[0], box(1, 1, 2, 3.33, 4));
  const inserted = applyCommand(shapes, Command.insertVertex(1, 1, [50, -5]));
  assert.deepEqual(inserted.shapes[1].points, [[0, 0], [50, -5], [100, 0], [0, 100]]);
  assert.equal(inserted.selectedVertex, 1);
  assert.deepEqual(applyCommand(shapes, Command.moveVertex(1, 2, [0, 90])).shapes[1].points[2], [0, 90]);
  // The input is never changed: undo keeps the arrays it was given
  assert.deepEqual(shapes, [box(1), triangle(2)]);
});

test('delete removes the selected vertex while the polygon keeps three, else the shape', () => {
  const square = { type: 'polygon', label_id: 1, points: [[0, 0], [10, 0], [10, 10], [0, 10]] };
  assert.deepEqual(deletionFor([square], 0, 2), Command.deleteVertex(0, 2));
  assert.deepEqual(deletionFor([triangle(1)], 0, 2), Command.delete(0));
  assert.deepEqual(deletionFor([box(1)], 0, -1), Command.delete(0));
  assert.equal(deletionFor([box(1)], -1, -1), null);
  assert.equal(applyCommand([triangle(1)], Command.deleteVertex(0, 0)), null, 'a triangle keeps its three points');
  const model = new Model();
  model.reset([box(1), square]);
  model.select(1, 2);
  model.apply(deletionFor(model.shapes, model.selected, model.selectedVertex));
  assert.equal(model.shapes[1].points.length, 3);
  model.apply(deletionFor(model.shapes, 0, -1));
  assert.deepEqual(model.shapes.map((s) => s.type), ['polygon']);
  assert.equal(model.selected, -1);
});

test('toggling a tag keeps the selection on the same shape', () => {
  const model = new Model();
  model.reset([{ type: 'tag', label_id: 5 }, box(1), box(2)]);
  model.select(2);
  model.apply(Command.toggleTag(5));
  assert.equal(model.selection.label_id, 2);
  model.apply(Command.toggleTag(5));
  assert.equal(model.hasTag(5), true);
  assert.equal(model.selection.label_id, 2);
});

test('selection is not an edit, and a reset starts history afresh without telling anyone', () => {
  const model = new Model();
  const events = recorded(model);
  model.apply(Command.add(box(1)));
  model.select(-1);
  model.reset([box(9)]);
  assert.deepEqual(events, ['change', 'select']);
  assert.equal(model.canUndo, false);
  assert.equal(model.apply(Command.replaceAll([box(9)])), false);
  assert.equal(model.apply(Command.replaceAll([box(9), box(8)])), true);
  model.undo();
  assert.deepEqual(model.shapes, [box(9)]);
});

test('set attributes, flip one, relabel to a label that lacks one, then undo each step', () => {
  const model = new Model();
  model.apply(Command.add(box(1)));
  model.apply(Command.setAttributes(0, { occluded: true }));
  model.apply(Command.setAttributes(0, { occluded: true, colour: 'red' }));
  assert.equal(model.apply(Command.setAttributes(0, { occluded: true, colour: 'red' })), false, 'the same values are no step');
  // The editor passes what still fits the new label: here only "colour"
  model.apply(Command.relabel(0, 2, { colour: 'red' }));
  assert.deepEqual(model.shapes[0], { ...box(2), attributes: { colour: 'red' } });
  model.apply(Command.setAttributes(0, {}));
  assert.equal('attributes' in model.shapes[0], false, 'no values: no field, as the API sends it');
  model.undo();
  model.undo();
  assert.deepEqual(model.shapes[0], { ...box(1), attributes: { occluded: true, colour: 'red' } });
  model.undo();
  assert.deepEqual(model.shapes[0].attributes, { occluded: true });
});

test('hidden and locked shapes stay so through deletes, reorders and undo; a hidden selection is let go', () => {
  const model = new Model();
  for (const label of [1, 2, 1, 3]) model.apply(Command.add(box(label, label * 10)));
  model.toggle('hidden', 2);
  model.toggle('locked', 3);
  assert.equal(model.selected, 3);
  model.toggle('hidden', 3);
  assert.equal(model.selected, -1, 'what you hide is no longer selected');
  model.toggle('hidden', 3);
  // Deleting the first shape moves every flag down one place
  model.apply(Command.delete(0));
  assert.deepEqual([0, 1, 2].map((i) => [model.isHidden(i), model.isLocked(i)]), [[false, false], [true, false], [false, true]]);
  // Sending the locked one to the back carries its lock
  model.apply(Command.reorder(2, 0));
  assert.deepEqual(model.shapes.map((s) => s.label_id), [3, 2, 1]);
  assert.deepEqual([...model.locked], [0]);
  assert.deepEqual([...model.hidden], [2]);
  assert.equal(model.selected, 0, 'the moved shape stays selected');
  model.undo();
  assert.deepEqual([...model.locked], [2]);
  model.undo();
  assert.deepEqual([...model.hidden], [2], 'undoing the delete puts the flags back where the shapes were');
  assert.deepEqual([...model.locked], [3]);
  // By label: every shape of label 1 hides, and Show all brings them back
  model.toggle('hiddenLabels', 1);
  assert.deepEqual(model.shapes.map((_, i) => model.isHidden(i)), [true, false, true, false]);
  assert.equal(model.showAll(), 2);
  assert.ok(model.shapes.every((_, i) => !model.isHidden(i)));
});

test('reordering: front is the end of the list, a tag never moves, and the same place is no step', () => {
  const shapes = [box(1), box(2), { type: 'tag', label_id: 3 }];
  assert.equal(applyCommand(shapes, Command.reorder(1, 1)), null);
  assert.equal(applyCommand(shapes, Command.reorder(2, 0)), null);
  const front = applyCommand(shapes, Command.reorder(0, 99));
  assert.deepEqual(front.shapes.map((s) => s.label_id), [2, 3, 1]);
  assert.deepEqual(front.order, [1, 2, 0]);
});
