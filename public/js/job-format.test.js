import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeJob, fileSize, versionSummary } from './job-format.js';

const version = (metrics) => ({ model_name: 'Birds', version: 2, stage: 'None', artifact_sha256: 'abc', metrics });

test('a detector version reads by its average precision, a classifier by its accuracy', () => {
  const detector = versionSummary(version({ ap: 0.51, ap50: 0.83, ap75: 0.6, train_samples: 90, validation_samples: 30, boxes: 180, best_epoch: 20, epochs_run: 25 }));
  assert.match(detector, /AP50 83%, AP 51%, AP75 60% on 30 validation images \(90 training images, 180 boxes\)/);
  assert.doesNotMatch(detector, /accuracy/);
  const classifier = versionSummary(version({ validation_accuracy: 0.9, macro_f1: 0.88, train_samples: 80, validation_samples: 20, best_epoch: 5, epochs_run: 9 }));
  assert.match(classifier, /validation accuracy 90%, macro F1 0.880, 80 training and 20 validation samples, best epoch 5 of 9/);
});

test('jobs describe what they learn from', () => {
  assert.equal(describeJob({ kind: 'train', config: { architecture: 'detector', source: 'tags', input_size: 320, epochs: 30 } }),
    'train: detector on boxes, 320 px, 30 epochs');
  assert.equal(describeJob({ kind: 'search', config: { architecture: 'cnn', source: 'tags', input_size: 64, search: { trials: 6 } } }),
    'search: cnn on tags, 64 px, 6 trials');
  assert.equal(describeJob({ kind: 'predict', config: { model_version: 4 } }), 'predict: propose boxes on open images with model version #4');
  assert.equal(describeJob({ kind: 'trial', config: { search_job: 5, trial: 1, config: { architecture: 'cnn', input_size: 64 } } }),
    'trial 2 of search #5: cnn, 64 px');
  assert.equal(describeJob({ kind: 'batch', config: { model: 'Birds@champion', source: 'archive' } }), 'batch: Birds@champion over an uploaded archive');
  assert.equal(describeJob({ kind: 'batch', config: { model_version: 3, source: 'project', status: 'accepted' } }),
    "batch: model version #3 over the project's accepted images");
  assert.equal(describeJob({ kind: 'batch', config: { model: 'Birds', source: 'snapshot', snapshot: 2 } }), 'batch: Birds over snapshot #2');
});

test('file sizes read in bytes, kilobytes or megabytes', () => {
  assert.deepEqual([fileSize(999), fileSize(12_400), fileSize(3_250_000)], ['999 B', '12.4 kB', '3.3 MB']);
});
