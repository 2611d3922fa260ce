import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitTransform, fixed, overlapSummary, percent, personColors, shareFrom, supportText } from './quality-format.js';

test('figures read with three decimals or as percentages, and a dash when missing', () => {
  assert.equal(fixed(0.91234), '0.912');
  assert.equal(fixed(null), '—');
  assert.equal(percent(0.875), '88 %');
  assert.equal(percent(undefined), '—');
  assert.equal(supportText(2, 3), '2 of 3 drew it');
});

test('the overlap line counts ready, collecting and merged images', () => {
  assert.equal(overlapSummary({ ready: 0, collecting: 0, merged: 0 }), 'No overlap images yet.');
  assert.equal(overlapSummary({ ready: 1, collecting: 2, merged: 1 }), '4 overlap images: 1 ready to merge, 2 being labelled, 1 merged.');
  assert.equal(overlapSummary({ ready: 0, collecting: 1, merged: 0 }), '1 overlap image: 0 ready to merge, 1 being labelled, 0 merged.');
});

test('shares are typed as percentages and sent as fractions', () => {
  assert.equal(shareFrom('10', 'Share'), 0.1);
  assert.throws(() => shareFrom('0', 'Share'), /Share is a percentage/);
  assert.throws(() => shareFrom('abc', 'Share'), /Share/);
  assert.throws(() => shareFrom('101', 'Share'), /Share/);
});

test('each person keeps one colour whatever order the copies come in', () => {
  const a = personColors(['cy', 'ann', 'bob']);
  const b = personColors(['bob', 'cy', 'ann']);
  assert.deepEqual([...a.entries()], [...b.entries()]);
  assert.equal(new Set(a.values()).size, 3);
});

test('an image fits the canvas, centred, keeping its proportions', () => {
  assert.deepEqual(fitTransform(800, 400, 400, 400), { scale: 0.5, x: 0, y: 100 });
  assert.deepEqual(fitTransform(100, 100, 300, 200), { scale: 2, x: 50, y: 0 });
});
