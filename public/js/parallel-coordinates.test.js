// The trials plot's layout: axes only for parameters that varied, values in order, the best trial
// at the top of the loss axis and darkest, failed trials without a line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parallelCoordinates } from './parallel-coordinates.js';

const trials = [
  { trial: 0, outcome: 'done', validation_loss: 0.9, parameters: { learning_rate: 0.01, batch_size: 32, conv_channels: [16, 32] } },
  { trial: 1, outcome: 'done', validation_loss: 0.3, parameters: { learning_rate: 0.001, batch_size: 32, conv_channels: [16, 32, 64] } },
  { trial: 2, outcome: 'pruned', validation_loss: 0.6, parameters: { learning_rate: 0.0003, batch_size: 32, conv_channels: [16, 32] } },
  { trial: 3, outcome: 'failed', validation_loss: 0, parameters: { learning_rate: 0.003, batch_size: 32, conv_channels: [8] } },
];

test('axes for what varied, in order, and the loss axis last', () => {
  const { axes, lines } = parallelCoordinates(trials, { width: 400, height: 200, margin: 20 });
  assert.deepEqual(axes.map((a) => a.name), ['conv_channels', 'learning_rate', 'validation loss']);
  assert.deepEqual(axes[0].ticks.map((t) => t.label), ['8', '16·32', '16·32·64']);
  assert.deepEqual(axes[1].ticks.map((t) => t.label), ['0.0003', '0.001', '0.003', '0.01']);
  assert.ok(axes[1].ticks[0].y > axes[1].ticks[3].y, 'larger values higher up');
  assert.deepEqual(lines.map((l) => l.trial), [0, 1, 2], 'the failed trial has no line');
  const best = lines.find((l) => l.trial === 1);
  assert.equal(best.shade, 1);
  assert.equal(best.points.at(-1)[1], 20, 'the lowest loss at the top');
  assert.equal(lines.find((l) => l.trial === 0).points.at(-1)[1], 180);
  assert.equal(lines.find((l) => l.trial === 2).outcome, 'pruned');
  assert.equal(best.points[0][0], 20);
  assert.equal(best.points.at(-1)[0], 380);
});

test('one trial, or trials that all scored the same, still place their lines inside the box', () => {
  const { axes, lines } = parallelCoordinates(trials.slice(0, 1), { width: 400, height: 200, margin: 20 });
  assert.deepEqual(axes.map((a) => a.name), ['validation loss']);
  assert.deepEqual(lines[0].points, [[20, 100]]);
});
