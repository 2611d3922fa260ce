import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uploadSummary } from './upload-summary.js';

test('the summary counts each outcome and leaves out the empty ones', () => {
  assert.equal(uploadSummary({ added: 3, duplicate: 1, failed: 2 }), '3 added · 1 already in this project · 2 failed');
  assert.equal(uploadSummary({ added: 1, waiting: 4 }), '1 added · 4 to go');
  assert.equal(uploadSummary({}), 'Nothing uploaded.');
});
