import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessText, answerText, bodyRows, curlExample, matches, operations, responseRows, typeText } from './api-docs-format.js';

const document = {
  tags: [{ name: 'Accounts' }, { name: 'Serving' }],
  paths: {
    '/api/v1/serve/{model}/predict': { post: { tags: ['Serving'], 'x-loupe-access': 'data team', security: [{ bearer: [] }, { session: [], csrf: [] }],
      requestBody: { content: { 'application/json': {}, 'multipart/form-data': {}, 'image/jpeg': {} } }, responses: { 200: { description: 'Done.' }, 422: { $ref: '#/components/responses/422' } } } },
    '/api/v1/me': { get: { tags: ['Accounts'], 'x-loupe-access': 'signed in', security: [{ bearer: [] }, { session: [] }], responses: {} } },
    '/api/v1/health': { get: { tags: ['Operations'], security: [], responses: {} } },
  },
  components: { responses: { 422: { description: 'A value breaks a rule.' } } },
};

test('operations follow the tags, then paths', () => {
  assert.deepEqual(operations(document).map((op) => `${op.method} ${op.path}`),
    ['GET /api/v1/me', 'POST /api/v1/serve/{model}/predict', 'GET /api/v1/health']);
});

test('search matches every word anywhere', () => {
  const [me, predict] = operations(document);
  assert.ok(matches(predict, 'serve POST'));
  assert.ok(!matches(me, 'serve'));
  assert.ok(matches(me, ''));
});

test('curl examples use the token placeholder and the body the route takes', () => {
  const [me, predict, health] = operations(document);
  assert.equal(curlExample(me, 'http://h'), 'curl -H "Authorization: Bearer $LOUPE_TOKEN" \'http://h/api/v1/me\'');
  assert.equal(curlExample(predict, 'http://h'),
    'curl -X POST -H "Authorization: Bearer $LOUPE_TOKEN" -H \'Content-Type: image/jpeg\' --data-binary @photo.jpg \'http://h/api/v1/serve/<model>/predict\'');
  assert.equal(curlExample(health, 'http://h'), "curl 'http://h/api/v1/health'");
});

test('a JSON body comes from the document\'s example, quoted for the shell', () => {
  const op = { method: 'POST', path: '/api/v1/projects', security: [{ bearer: [] }],
    requestBody: { content: { 'application/json': { example: { name: "Anna's birds" } } } } };
  assert.equal(curlExample(op, 'http://h'),
    `curl -X POST -H "Authorization: Bearer $LOUPE_TOKEN" -H 'Content-Type: application/json' -d '{"name":"Anna'\\''s birds"}' 'http://h/api/v1/projects'`);
  delete op.requestBody.content['application/json'].example;
  assert.match(curlExample(op, 'http://h'), / -d '\{\}' /);
});

test('access and responses read in words', () => {
  const [me, predict, health] = operations(document);
  assert.match(accessText(predict), /X-CSRF-Token.*data team/);
  assert.doesNotMatch(accessText(me), /CSRF/);
  assert.equal(accessText(health), 'Open: no credentials needed.');
  assert.deepEqual(responseRows(predict, document), [['200', 'Done.'], ['422', 'A value breaks a rule.']]);
});

test('types, body members and answers read in words', () => {
  assert.equal(typeText({ type: ['string', 'null'] }), 'string or null');
  assert.equal(typeText({ type: 'array', items: { $ref: '#/components/schemas/Label' } }), 'list of Label');
  assert.equal(typeText({ type: ['string', 'null'], enum: ['train', null] }), 'one of train, null');
  assert.equal(typeText({ anyOf: [{ type: 'string' }, { type: 'number' }] }), 'string or number');
  const doc = { components: { schemas: { NewLabel: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, color: { type: 'string' }, hotkey: { type: ['string', 'null'] } } } } } };
  const op = { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/NewLabel' } } } },
    responses: { 201: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Label' } } } }, 204: { description: 'x' }, 422: {} } };
  assert.deepEqual(bodyRows(op, doc), [['name', 'string', 'required'], ['color', 'string', 'optional'], ['hotkey', 'string or null', 'optional']]);
  assert.equal(answerText(op), '201: Label; 204: no body');
  assert.equal(answerText({ responses: { 200: { content: { 'application/json': { schema: { properties: { projects: {} } } } } } } }), '200: {projects}');
  assert.equal(answerText({ responses: { 200: { content: { 'image/jpeg': {}, 'image/png': {} } } } }), '200: image/jpeg or image/png');
  assert.deepEqual(bodyRows({}, doc), []);
});
