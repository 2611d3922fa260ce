import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerBars, driftRows, driftSummary, latencyBars, liveSplit, requestSeries, top, usageRows } from './serving-format.js';

const at = (minutesAgo) => new Date(Date.parse('2026-12-01T10:00:00Z') - minutesAgo * 60_000).toISOString();
const now = Date.parse('2026-12-01T10:00:00Z');

test('the live split counts only the last five minutes, biggest first', () => {
  const points = [{ minute: at(9), version: 1, requests: 500 }, { minute: at(4), version: 1, requests: 80 },
    { minute: at(2), version: 2, requests: 20 }, { minute: at(1), version: 1, requests: 0 }];
  assert.deepEqual(liveSplit(points, now), [{ version: 1, requests: 80, share: 0.8 }, { version: 2, requests: 20, share: 0.2 }]);
  assert.deepEqual(liveSplit([], now), []);
});

test('request series put each version on its own line in minutes', () => {
  const series = requestSeries([{ minute: at(3), version: 2, requests: 4 }, { minute: at(3), version: 1, requests: 9 }, { minute: at(1), version: 1, requests: 7 }]);
  assert.deepEqual(series.map((s) => [s.name, s.points]), [['v1', [[0, 9], [2, 7]]], ['v2', [[0, 4]]]]);
});

test('usage rows read as people read them', () => {
  const rows = usageRows([{ version: 3, arm: 'candidate', requests: 200, errors: 3, p50_ms: 5, p99_ms: 50, mean_confidence: 0.873,
    labels: { cat: 120, dog: 70, bird: 10 }, callers: { 'token:4': 150, 'user:ann': 50 } }]);
  assert.deepEqual(rows[0], ['v3', 'candidate', '200', '3 (1.5 %)', '≤ 5 ms', '≤ 50 ms', '87.3 %', 'cat 120, dog 70, bird 10', 'token:4 150, user:ann 50']);
  assert.equal(top({}), '—');
});

test('drift rows list each feature under its version and verdict', () => {
  const versions = [{ version: 2, verdict: 'drift', max_psi: 1.234, label_psi: 0.02, embedding_p_value: 0.004,
    features: [{ name: 'brightness', psi: 1.234, ks_p_value: 0.0001 }, { name: 'width', psi: null, ks_p_value: null }] }];
  assert.deepEqual(driftRows(versions), [
    ['v2', 'drift', 'brightness', '1.23', '0.000'], ['', '', 'width', '—', '—'], ['', '', 'answers', '0.02', '—'],
    ['', '', 'embeddings (MMD)', '—', '0.004']]);
  assert.equal(driftSummary(versions), 'v2 drift (max PSI 1.23)');
  assert.match(driftSummary([]), /No report yet/);
});

test('latency bars sum the answering arms and drop empty buckets at the ends', () => {
  const bounds = [1, 2, 5, 10];
  const versions = [{ arm: 'stable', latency_buckets_ms: bounds, latency_counts: [0, 3, 1, 0, 0], labels: { cat: 3, dog: 1 } },
    { arm: 'candidate', latency_buckets_ms: bounds, latency_counts: [0, 1, 0, 2, 0], labels: { dog: 3 } },
    { arm: 'shadow', latency_buckets_ms: bounds, latency_counts: [9, 9, 9, 9, 9], labels: { bird: 40 } }];
  assert.deepEqual(latencyBars(versions), [{ label: '≤ 2 ms', value: 4 }, { label: '≤ 5 ms', value: 1 }, { label: '≤ 10 ms', value: 2 }]);
  assert.deepEqual(answerBars(versions), [{ label: 'dog', value: 4 }, { label: 'cat', value: 3 }]);
  assert.deepEqual(latencyBars([]), []);
});
