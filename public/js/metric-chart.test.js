import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricSeries } from './metric-chart.js';

test('a marked canvas gives one series in version order', () => {
  const [series] = metricSeries('validation_accuracy', '[[3, 0.9], [1, 0.5], [2, 0.75]]');
  assert.equal(series.name, 'validation_accuracy');
  assert.deepEqual(series.points, [[1, 0.5], [2, 0.75], [3, 0.9]]);
});

test('damaged or hostile data draws nothing rather than failing', () => {
  assert.deepEqual(metricSeries('m', 'not json'), []);
  assert.deepEqual(metricSeries('m', '{"a": 1}'), []);
  assert.deepEqual(metricSeries('m', '[[1, "x"], [2, 0.5], [null, 1]]')[0].points, [[2, 0.5]]);
});
