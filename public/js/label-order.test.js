import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freeHotkeys, moved } from './label-order.js';

test('moving a label swaps it with its neighbour, and does nothing past either end', () => {
  assert.deepEqual(moved([1, 2, 3], 2, -1), [1, 3, 2]);
  assert.deepEqual(moved([1, 2, 3], 0, 1), [2, 1, 3]);
  assert.deepEqual(moved([1, 2, 3], 0, -1), [1, 2, 3]);
  assert.deepEqual(moved([1, 2, 3], 2, 1), [1, 2, 3]);
});

test('free hotkeys skip the taken ones but keep a label its own', () => {
  const labels = [{ id: 1, hotkey: '1' }, { id: 2, hotkey: '3' }, { id: 3, hotkey: null }];
  assert.deepEqual(freeHotkeys(labels).slice(0, 3), ['2', '4', '5']);
  assert.deepEqual(freeHotkeys(labels, 2).slice(0, 3), ['2', '3', '4']);
  assert.equal(freeHotkeys([...Array(9)].map((_, i) => ({ id: i, hotkey: String(i + 1) }))).length, 0);
});
