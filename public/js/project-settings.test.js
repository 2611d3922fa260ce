import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withArticle } from './project-settings.js';

test('roles read with the right article', () => {
  assert.equal(withArticle('annotator'), 'an annotator');
  assert.equal(withArticle('admin'), 'an admin');
  assert.equal(withArticle('reviewer'), 'a reviewer');
  assert.equal(withArticle('data'), 'a data team member');
});
