import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aboutText, bodySegments, notificationsLabel } from './comment-format.js';

test('mentions are picked out as the server reads them', () => {
  assert.deepEqual(bodySegments('@ann look, thanks @Bob.'), [
    { text: '@ann', mention: 'ann' }, { text: ' look, thanks ' }, { text: '@Bob', mention: 'bob' }, { text: '.' }]);
  assert.deepEqual(bodySegments('mail me@example.com'), [{ text: 'mail me@example.com' }]);
  assert.deepEqual(bodySegments('a @ b'), [{ text: 'a @ b' }]);
  assert.deepEqual(bodySegments('(@cy-2)'), [{ text: '(' }, { text: '@cy-2', mention: 'cy-2' }, { text: ')' }]);
});

test('a comment about a shape says which, and whether the image changed since', () => {
  assert.equal(aboutText({ shape_position: null, revision: 3 }, 3), '');
  assert.equal(aboutText({ shape_position: 0, revision: 3 }, 3), 'on shape 1');
  assert.equal(aboutText({ shape_position: 2, revision: 3 }, 5), 'on shape 3 (as it was at revision 3)');
});

test('the top bar counts unread comments and the mentions among them', () => {
  assert.equal(notificationsLabel({ unread: 0, comments: [] }), 'Comments');
  assert.equal(notificationsLabel({ unread: 3, comments: [{ mention: false }] }), 'Comments (3)');
  assert.equal(notificationsLabel({ unread: 2, comments: [{ mention: true }, { mention: false }] }), 'Comments (2 · 1 mentions you)');
});
