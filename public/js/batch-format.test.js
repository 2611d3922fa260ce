import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyQueueText, leftText, mineSummary, planBody, progressText, sortBatches } from './batch-format.js';

test('the caller’s batches come first, soonest due first; the rest keep creation order', () => {
  const batches = [
    { id: 1, mine: false }, { id: 2, mine: true, due_on: '2026-12-20' }, { id: 3, mine: false },
    { id: 4, mine: true, due_on: '2026-12-05' }, { id: 5, mine: true },
  ];
  assert.deepEqual(sortBatches(batches).map((b) => b.id), [4, 2, 5, 1, 3]);
});

test('progress and what is left read as a person would say them', () => {
  assert.equal(progressText({ done: 3, total: 10 }), '3 of 10 done (30 %)');
  assert.equal(progressText({ done: 0, total: 0 }), '0 of 0 done (100 %)');
  assert.equal(leftText({ new: 5, in_progress: 0, rejected: 1, accepted: 4 }), '5 new · 1 rejected');
  assert.equal(leftText({ submitted: 2 }), 'nothing');
});

test('the summary counts only the caller’s batches and their overdue ones', () => {
  assert.equal(mineSummary([{ mine: false, total: 5, done: 0 }]), null);
  assert.equal(mineSummary([{ mine: true, total: 5, done: 4, overdue: true }, { mine: false, total: 9, done: 0 }]),
    'You have 1 batch with 1 image left, 1 overdue. “Label the next image” serves them first.');
});

test('a plan leaves blank fields out and refuses numbers that are not whole', () => {
  const form = { name: ' ', size: '50', limit: '', order: 'rank', statuses: ['new'], fileName: ' cam1 ', predicted: '', due: '2026-12-24',
    assignees: ['ana', 'ben'] };
  assert.deepEqual(planBody(form), { order: 'rank', statuses: ['new'], assignees: ['ana', 'ben'], size: 50,
    file_name_contains: 'cam1', due_on: '2026-12-24' });
  assert.throws(() => planBody({ ...form, size: '2.5' }), /Images per batch/);
  assert.throws(() => planBody({ ...form, limit: '0' }), /At most/);
  assert.throws(() => planBody({ ...form, statuses: [] }), /status/);
});

test('an empty queue says whether other people’s batches hold what is left', () => {
  assert.equal(emptyQueueText({ image: null }), 'Nothing else is left to label in this project.');
  assert.equal(emptyQueueText({ image: null, reserved_for_others: 0 }), 'Nothing else is left to label in this project.');
  assert.equal(emptyQueueText({ image: null, reserved_for_others: 1 }),
    'Nothing is left for you: the 1 image still open is in other people’s batches. Ask the data team for a batch.');
  assert.match(emptyQueueText({ image: null, reserved_for_others: 12 }), /the 12 images still open are in other people’s batches/);
});
