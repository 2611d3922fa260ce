import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportURL, importSummary, reportRows } from './dataset-transfer.js';

test('the export URL carries only the choices that differ from the defaults', () => {
  assert.equal(exportURL(3, { format: 'coco', images: 'none', task: 'segment' }), '/api/v1/projects/3/export/coco');
  assert.equal(exportURL(3, { format: 'yolo', statuses: ['accepted', 'submitted'], images: 'original', task: 'segment', valFraction: 0.2 }),
    '/api/v1/projects/3/export/yolo?status=accepted%2Csubmitted&task=segment');
  assert.equal(exportURL(3, { format: 'voc', snapshot: 'v1', statuses: ['accepted'], images: 'none', task: 'segment', valFraction: 0 }),
    '/api/v1/projects/3/export/voc?snapshot=v1&images=none&val_fraction=0');
  assert.equal(exportURL(3, { format: 'nope' }), '/api/v1/projects/3/export/coco');
});

test('an import report reads as one sentence, dry or done', () => {
  const report = { dry_run: true, images: 3, images_created: 1, shapes: 1, suggestions: 0, new_labels: ['car', 'bus'], skipped: [{ path: 'a', message: 'm' }], files: [] };
  assert.equal(importSummary(report),
    'Would import 1 shape onto 3 images (1 new, 2 already here); would create 2 labels: car, bus. 1 item skipped (Loupe cannot hold them).');
  assert.equal(importSummary({ ...report, dry_run: false, shapes: 1200, suggestions: 2, new_labels: [], skipped: [] }),
    'Imported 1,200 shapes onto 3 images (1 new, 2 already here), 2 suggested boxes; no new labels.');
});

test('the report table lists files, then skipped items, and counts what it leaves out', () => {
  const files = Array.from({ length: 3 }, (_, i) => ({ path: `labels/${i}.txt`, file_name: `${i}.jpg`, action: i ? 'match' : 'create', shapes: i }));
  const { rows, more } = reportRows({ files, skipped: [{ path: 'x.xml:3', message: 'A mask.' }] }, 2);
  assert.deepEqual(rows.map((r) => r.what), ['new image 0.jpg', 'matches 1.jpg', 'skipped: A mask.']);
  assert.equal(more, 1);
});
