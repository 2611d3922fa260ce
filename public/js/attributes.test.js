import { test } from 'node:test';
import assert from 'node:assert/strict';
import { booleanKeys, completed, conform, defaultValue, describe, parseValue, problem, specFromFields } from './attributes.js';

const schema = [
  { name: 'occluded', kind: 'boolean' },
  { name: 'colour', kind: 'choice', options: ['red', 'blue'] },
  { name: 'people', kind: 'number', min: 0, max: 8, default: 1 },
  { name: 'note', kind: 'text' },
  { name: 'truncated', kind: 'boolean', default: true },
];

test('values are checked as the server checks them, with its words', () => {
  assert.equal(problem(schema[0], true), null);
  assert.equal(problem(schema[0], 'yes'), 'occluded is true or false.');
  assert.equal(problem(schema[1], 'green'), 'colour is one of red, blue.');
  assert.equal(problem(schema[2], 9), 'people is at most 8.');
  assert.equal(problem(schema[2], -1), 'people is at least 0.');
  assert.equal(problem(schema[2], NaN), 'people is a number.');
  assert.equal(problem(schema[3], 'x'.repeat(501)), 'note is at most 500 characters.');
  assert.equal(problem({ name: 'n', kind: 'number' }, -40), null, 'an open range takes any number');
});

test('defaults: the spec’s own, else false, the first option, the range start, empty text', () => {
  assert.deepEqual(schema.map(defaultValue), [false, 'red', 1, '', true]);
  assert.equal(defaultValue({ kind: 'number', min: 3 }), 3);
  assert.equal(defaultValue({ kind: 'number', max: -2 }), -2);
});

test('a shape keeps only the values its label still has room for', () => {
  // Moved to a label without "colour", or after "blue" was taken away, the value goes
  assert.deepEqual(conform({ occluded: true, colour: 'blue', size: 'big' }, schema), { occluded: true, colour: 'blue' });
  assert.deepEqual(conform({ colour: 'blue' }, [{ name: 'colour', kind: 'choice', options: ['red'] }]), {});
  assert.deepEqual(conform(undefined, schema), {});
});

test('the sidebar shows every attribute, set or by default', () => {
  const rows = completed({ colour: 'blue', people: 99 }, schema);
  assert.deepEqual(rows.map((r) => [r.spec.name, r.value, r.set]),
    [['occluded', false, false], ['colour', 'blue', true], ['people', 1, false], ['note', '', false], ['truncated', true, false]]);
});

test('Q W E go to the first three yes/no attributes, in the label’s order', () => {
  assert.deepEqual(booleanKeys(schema).map(({ key, spec }) => `${key}:${spec.name}`), ['Q:occluded', 'W:truncated']);
  const many = Array.from({ length: 6 }, (_, i) => ({ name: `b${i}`, kind: 'boolean' }));
  assert.deepEqual(booleanKeys(many).map((k) => k.key), ['Q', 'W', 'E']);
});

test('the project page’s fields become the spec the API takes, and read back in one line', () => {
  assert.deepEqual(specFromFields({ name: ' colour ', kind: 'choice', options: 'red, blue\n green ,', min: '3' }),
    { name: 'colour', kind: 'choice', options: ['red', 'blue', 'green'] });
  assert.deepEqual(specFromFields({ name: 'people', kind: 'number', min: '0', max: '', defaultText: '2' }), { name: 'people', kind: 'number', min: 0, default: 2 });
  assert.deepEqual(specFromFields({ name: 'occluded', kind: 'boolean', defaultText: 'yes' }), { name: 'occluded', kind: 'boolean', default: true });
  assert.deepEqual(schema.map(describe), ['yes/no', 'choice: red, blue', 'number 0–8', 'text', 'yes/no']);
  assert.equal(describe({ kind: 'number', min: 1 }), 'number ≥ 1');
  assert.equal(parseValue(schema[2], '2.5'), 2.5);
  assert.ok(Number.isNaN(parseValue(schema[2], ' ')));
});
