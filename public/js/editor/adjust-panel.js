// The editor's image adjustments: the panel's sliders, the keys' steps, the adjusted picture the
// canvas draws (made once per change, not per frame), and keeping them for the person and project
// on the server (and in this browser, so the next image opens adjusted before the server answers).
import { api } from '../api.js';
import { describe, isNeutral, lookupTable, applyTable, normalized, NEUTRAL } from './adjustments.js';

const $ = (id) => document.getElementById(id);
const SAVE_DELAY = 400;

export class AdjustPanel {
  /** `redraw()` after a change; `notify(text, kind)` when it cannot be kept. */
  constructor({ projectId, userId, redraw, notify }) {
    Object.assign(this, { projectId, redraw, notify });
    this.storageKey = `loupe.editor.adjust.${userId}.${projectId}`;
    this.settings = normalized(JSON.parse(localStorage.getItem(this.storageKey) ?? 'null') ?? NEUTRAL);
    this.cache = new WeakMap();  // source → {key, canvas}: the adjusted copy, per image or tile
  }

  async start() {
    for (const name of ['brightness', 'contrast', 'gamma']) {
      $(`adjust-${name}`).addEventListener('input', () => this.set({ [name]: Number($(`adjust-${name}`).value) }));
    }
    $('adjust-invert').addEventListener('change', () => this.set({ invert: $('adjust-invert').checked }));
    $('adjust-reset').addEventListener('click', () => this.reset());
    $('adjust').addEventListener('click', () => this.toggle());
    this.render();
    try {
      this.settings = normalized(await api(`/api/v1/projects/${this.projectId}/editor-settings`));
      localStorage.setItem(this.storageKey, JSON.stringify(this.settings));
      this.render();
      this.redraw();
    } catch { /* this browser's copy stands until the server answers again */ }
  }

  toggle() {
    $('adjust-panel').hidden = !$('adjust-panel').hidden;
    $('adjust').classList.toggle('active', !$('adjust-panel').hidden);
  }

  /** Changes some settings: redrawn at once, kept on the server a moment after the last change. */
  set(change) {
    this.settings = normalized({ ...this.settings, ...change });
    localStorage.setItem(this.storageKey, JSON.stringify(this.settings));
    this.render();
    this.redraw();
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY);
  }

  /** `[` `]` and `{` `}`: brightness or contrast by `step`. */
  step(name, step) { this.set({ [name]: this.settings[name] + step }); }

  toggleInvert() { this.set({ invert: !this.settings.invert }); }

  reset() {
    if (isNeutral(this.settings)) return this.notify('The image is shown as it is already.', 'notice');
    this.set({ ...NEUTRAL });
  }

  async save() {
    try {
      await api(`/api/v1/projects/${this.projectId}/editor-settings`, { method: 'PUT', body: this.settings });
      $('adjust-panel').dataset.saved = JSON.stringify(this.settings);
    } catch (error) {
      this.notify(`The image adjustments are kept in this browser only: ${error.message}`);
    }
  }

  render() {
    for (const name of ['brightness', 'contrast', 'gamma']) {
      $(`adjust-${name}`).value = String(this.settings[name]);
      $(`adjust-${name}-value`).textContent = String(this.settings[name]);
    }
    $('adjust-invert').checked = this.settings.invert;
    const text = describe(this.settings);
    $('adjust-state').textContent = text ? `Adjusted: ${text}` : '';
    $('adjust-state').hidden = !text;
    $('adjust').classList.toggle('adjusted', Boolean(text));
  }

  /** What the canvas draws for `source` (an image or a tile): itself when neutral, else an adjusted copy made once. */
  picture(source) {
    if (!source || isNeutral(this.settings)) return source;
    const key = JSON.stringify(this.settings);
    const cached = this.cache.get(source);
    if (cached?.key === key) return cached.canvas;
    const canvas = document.createElement('canvas');
    canvas.width = source.naturalWidth ?? source.width;
    canvas.height = source.naturalHeight ?? source.height;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(source, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    applyTable(pixels.data, lookupTable(this.settings));
    context.putImageData(pixels, 0, 0);
    this.cache.set(source, { key, canvas });
    return canvas;
  }
}
