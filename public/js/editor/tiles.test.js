import { test } from 'node:test';
import assert from 'node:assert/strict';
import { levelFor, levelSize, tilesInView } from './tiles.js';

const huge = { width: 20000, height: 20000, levels: 8 };

test('levels halve, rounding up, as the server makes them', () => {
  assert.deepEqual(levelSize(20000, 20000, 0), [20000, 20000]);
  assert.deepEqual(levelSize(3000, 1000, 4), [188, 63]);
  assert.deepEqual(levelSize(20000, 20000, 7), [157, 157]);
});

test('the zoom picks the coarsest level with a pixel per device pixel, or the rendition when it is enough', () => {
  assert.equal(levelFor({ ...huge, scale: 0.04 }), -1, 'fitted: 2048 px of rendition are plenty');
  assert.equal(levelFor({ ...huge, scale: 0.12 }), 3, '1/8 of full size covers 0.12');
  assert.equal(levelFor({ ...huge, scale: 0.5 }), 1);
  assert.equal(levelFor({ ...huge, scale: 1 }), 0);
  assert.equal(levelFor({ ...huge, scale: 8 }), 0, 'past full size: level 0, magnified');
  assert.equal(levelFor({ ...huge, scale: 0.5, ratio: 2 }), 0, 'a 2× screen needs full size at half zoom');
  assert.equal(levelFor({ ...huge, scale: 1, levels: 0 }), -1, 'no pyramid: the rendition');
});

test('only the tiles meeting the view are asked for, cut at the image’s edge', () => {
  // A 1400 × 900 view at full size, its corner at (10000, 10000)
  const tiles = tilesInView([10000, 10000, 11400, 10900], 0, 20000, 20000);
  assert.equal(tiles.length, 6 * 4, 'columns 39–44, rows 39–42');
  assert.deepEqual(tiles[0], { level: 0, x: 39, y: 39, left: 9984, top: 9984, width: 256, height: 256 });
  // At level 2 a tile spans 1024 image pixels; the last column is cut at 20,000
  const edge = tilesInView([19000, 0, 25000, 500], 2, 20000, 20000);
  assert.deepEqual(edge.map((t) => [t.x, t.y, t.width]), [[18, 0, 1024], [19, 0, 544]]);
  assert.deepEqual(tilesInView([-500, -500, -10, -10], 0, 20000, 20000), [], 'off the image: none');
});
