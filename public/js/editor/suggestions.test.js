// Suggestions beside the document: accept one, move it, reject another, accept the likely rest, undo
// back through each step; what each save would say; walking them with the keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Model } from './model.js';
import { Command } from './commands.js';
import { decisionsFor, fromApi, isLikely, neighbour, openSuggestions, suggestionAt } from './suggestions.js';

const labels = new Map([[1, { id: 1, suggestion_threshold: 0.5 }], [2, { id: 2, suggestion_threshold: 0.9 }]]);
const suggestions = [
  { id: 11, label_id: 1, model_version_id: 4, score: 0.95, bbox: [10, 10, 40, 30] },
  { id: 12, label_id: 2, model_version_id: 4, score: 0.8, bbox: [100, 10, 40, 30] },
  { id: 13, label_id: 1, model_version_id: 4, score: 0.6, bbox: [10, 100, 40, 30] },
  { id: 14, label_id: 1, model_version_id: 4, score: 0.3, bbox: [100, 100, 40, 30] },
].map(fromApi);
const ids = (list) => list.map((s) => s.id);

test('accept, move, reject, accept the likely rest, then undo each step', () => {
  const model = new Model();
  model.reset([{ type: 'tag', label_id: 2 }]);
  // Accept the best one: it becomes a selected box that remembers its suggestion
  assert.ok(model.apply(Command.acceptSuggestions([suggestions[0]])));
  assert.deepEqual(model.shapes[1], { type: 'bbox', label_id: 1, x: 10, y: 10, w: 40, h: 30, suggestion_id: 11 });
  assert.equal(model.selected, 1);
  // Move it (the server will count it as edited), reject the second
  model.apply(Command.move(1, 5, 0));
  model.apply(Command.rejectSuggestions([12]));
  assert.deepEqual(ids(openSuggestions(suggestions, model)), [13, 14]);
  // Accept the likely rest: only 13 (14 is under its label's threshold)
  const likely = openSuggestions(suggestions, model).filter((s) => isLikely(s, labels));
  assert.deepEqual(ids(likely), [13]);
  model.apply(Command.acceptSuggestions(likely));
  assert.deepEqual(decisionsFor(suggestions, model), { rejected_suggestions: [12], open_suggestions: [14] });
  // Accepting one already kept changes nothing, and is not recorded
  assert.equal(model.apply(Command.acceptSuggestions([suggestions[0]])), false);
  // Undo: 13 open again, then 12, then the move, then 11
  model.undo();
  assert.deepEqual(ids(openSuggestions(suggestions, model)), [13, 14]);
  model.undo();
  assert.deepEqual(decisionsFor(suggestions, model), { rejected_suggestions: [], open_suggestions: [12, 13, 14] });
  model.undo();
  assert.equal(model.shapes[1].x, 10);
  model.undo();
  assert.deepEqual(ids(openSuggestions(suggestions, model)), [11, 12, 13, 14]);
  assert.deepEqual(model.shapes, [{ type: 'tag', label_id: 2 }]);
  // Redo all the way
  while (model.redo());
  assert.deepEqual(decisionsFor(suggestions, model), { rejected_suggestions: [12], open_suggestions: [14] });
});

test('deleting a kept box turns its suggestion down; undo brings the box back as kept', () => {
  const model = new Model();
  model.apply(Command.acceptSuggestions([suggestions[2]]));
  model.apply(Command.delete(0));
  assert.deepEqual(decisionsFor(suggestions, model).rejected_suggestions, [13]);
  model.undo();
  assert.deepEqual(decisionsFor(suggestions, model), { rejected_suggestions: [], open_suggestions: [11, 12, 14] });
  assert.equal(model.shapes[0].suggestion_id, 13);
});

test('accepting a rejected suggestion takes back the rejection', () => {
  const model = new Model();
  model.apply(Command.rejectSuggestions([11, 12]));
  assert.equal(model.apply(Command.rejectSuggestions([12])), false);
  model.apply(Command.acceptSuggestions([suggestions[0]]));
  assert.deepEqual(model.rejected, [12]);
});

test('keys walk the open suggestions best first and wrap; a click finds the smallest under the pointer', () => {
  const open = openSuggestions(suggestions, new Model());
  assert.equal(neighbour(open, null, 1).id, 11);
  assert.equal(neighbour(open, null, -1).id, 14);
  assert.equal(neighbour(open, 14, 1).id, 11);
  assert.equal(neighbour(open, 11, -1).id, 14);
  assert.equal(neighbour([], null, 1), null);
  const nested = [...open, fromApi({ id: 15, label_id: 1, model_version_id: 4, score: 0.2, bbox: [15, 15, 10, 10] })];
  assert.equal(suggestionAt(nested, { x: 18, y: 18 }).id, 15);
  assert.equal(suggestionAt(nested, { x: 30, y: 12 }).id, 11);
  assert.equal(suggestionAt(nested, { x: 70, y: 70 }), null);
});
