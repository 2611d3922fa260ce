import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTable, describe, isNeutral, lookupTable, normalized } from './adjustments.js';

test('neutral settings change no pixel', () => {
  const table = lookupTable({});
  for (let v = 0; v < 256; v += 1) assert.equal(table[v], v);
  assert.ok(isNeutral({ brightness: 0, contrast: 0, gamma: 1, invert: false }));
  assert.ok(!isNeutral({ invert: true }));
});

test('each adjustment moves the values the way its name says', () => {
  assert.equal(lookupTable({ brightness: 20 })[100], 151, '+20 % of 255');
  assert.equal(lookupTable({ brightness: -100 })[255], 0);
  assert.equal(lookupTable({ contrast: -100 })[10], 128, 'no contrast: everything mid-grey');
  assert.equal(lookupTable({ contrast: 100 })[64], 0, 'double the spread about the middle clips the shadows');
  assert.equal(lookupTable({ contrast: 100 })[160], 193, '(0.627 − 0.5) · 2 + 0.5 = 0.755');
  assert.ok(lookupTable({ gamma: 2 })[64] > 64 && lookupTable({ gamma: 0.5 })[64] < 64, 'gamma above 1 lifts the shadows');
  assert.equal(lookupTable({ gamma: 2 })[255], 255);
  assert.deepEqual([...lookupTable({ invert: true })].slice(0, 3), [255, 254, 253]);
});

test('they combine in one table: gamma, contrast, brightness, then invert', () => {
  const table = lookupTable({ brightness: 10, invert: true });
  assert.equal(table[0], 230, 'black lifted by 10 % (25.5) then inverted: 229.5 rounds up');
});

test('the table applies to RGB and leaves alpha alone', () => {
  const pixels = new Uint8ClampedArray([0, 100, 255, 7, 50, 50, 50, 255]);
  applyTable(pixels, lookupTable({ invert: true }));
  assert.deepEqual([...pixels], [255, 155, 0, 7, 205, 205, 205, 255]);
});

test('settings are clamped to the server’s ranges and described in one line', () => {
  assert.deepEqual(normalized({ brightness: 300, contrast: 'x', gamma: 0.01, invert: 'yes' }), { brightness: 100, contrast: 0, gamma: 0.2, invert: false });
  assert.equal(describe({ brightness: 20, gamma: 1.4, invert: true }), 'brightness +20, gamma 1.4, inverted');
  assert.equal(describe({ contrast: -15 }), 'contrast -15');
  assert.equal(describe({}), '');
});
