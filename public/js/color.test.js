import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textColorOn } from './color.js';

test('text on a label colour is dark on light colours and white on dark ones', () => {
  assert.equal(textColorOn('#ffc53d'), '#111');  // the palette's yellow: white text was unreadable
  assert.equal(textColorOn('#ffffff'), '#111');
  assert.equal(textColorOn('#1d232a'), '#fff');
  assert.equal(textColorOn('#2357c6'), '#fff');
  assert.equal(textColorOn('not a colour'), '#111');
});
