// The tiles of a huge image, loaded as the view needs them and drawn over the display rendition:
// the rendition stays underneath, so the view is never blank while tiles arrive. Loaded tiles are
// kept (the last 400 used), and the canvas's `data-tiles` says "loading" or "ready".
import { levelFor, tilesInView } from './tiles.js';

const KEEP = 400;

export class TileSource {
  /** `image` has `id`, `width`, `height`, `tile_levels`; `loaded()` redraws when a tile arrives. */
  constructor(image, loaded) {
    this.image = image;
    this.loaded = loaded;
    this.tiles = new Map();  // "level/x/y" → {picture, ready}, in order of last use
  }

  /** Draws the tiles the view needs into `g` (which has the image transform set); `prepare(picture)`
   * is the image adjustments' copy of a tile. */
  draw(g, view, canvas, prepare = (picture) => picture) {
    const { width, height, tile_levels: levels } = this.image;
    const level = levelFor({ scale: view.scale, ratio: view.ratio, levels, width, height });
    if (level < 0) {
      canvas.dataset.tiles = 'ready';
      return;
    }
    const a = view.toImage({ x: 0, y: 0 }), b = view.toImage({ x: view.cssWidth, y: view.cssHeight });
    let waiting = 0;
    const seam = 0.5 / view.scale;  // half a screen pixel of overlap hides the seams between tiles
    for (const tile of tilesInView([a.x, a.y, b.x, b.y], level, width, height)) {
      const entry = this.fetch(tile);
      if (!entry.ready) {
        waiting += 1;
        continue;
      }
      g.drawImage(prepare(entry.picture), tile.left, tile.top, tile.width + seam, tile.height + seam);
    }
    canvas.dataset.tiles = waiting ? 'loading' : 'ready';
    canvas.dataset.tileLevel = String(level);
  }

  fetch({ level, x, y }) {
    const key = `${level}/${x}/${y}`;
    let entry = this.tiles.get(key);
    if (entry) {
      this.tiles.delete(key);  // most recently used last
      this.tiles.set(key, entry);
      return entry;
    }
    const picture = new Image();
    entry = { picture, ready: false };
    picture.onload = () => {
      entry.ready = true;
      this.loaded();
    };
    picture.onerror = () => this.tiles.delete(key);  // asked for again on a later frame
    picture.src = `/api/v1/images/${this.image.id}/tiles/${key}`;
    this.tiles.set(key, entry);
    while (this.tiles.size > KEEP) this.tiles.delete(this.tiles.keys().next().value);
    return entry;
  }
}
