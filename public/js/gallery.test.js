import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSummary } from './gallery.js';

test('a tile says what an image holds, in words', () => {
  assert.equal(contentSummary({ shape_count: 0, tag_count: 0 }), 'no labels yet');
  assert.equal(contentSummary({ shape_count: 1, tag_count: 0 }), '1 shape');
  assert.equal(contentSummary({ shape_count: 3, tag_count: 2 }), '3 shapes · 2 tags');
  assert.equal(contentSummary({}), 'no labels yet');
});
