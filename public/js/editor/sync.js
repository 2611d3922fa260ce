// Keeping the server in step with the editor: a draft journal in this browser written on every
// change, a save a moment later, retries while the network is down, and conflicts surfaced (never
// resolved by dropping anyone's work).
import { api } from '../api.js';

const DELAY = 800;       // ms of quiet before an autosave
const MAX_RETRY = 30000; // ms between retries at most

export const SaveState = Object.freeze({
  SAVED: 'saved', UNSAVED: 'unsaved', SAVING: 'saving', OFFLINE: 'offline', CONFLICT: 'conflict', REJECTED: 'rejected', LOCKED: 'locked',
});

export class Sync {
  /**
   * `onState(state, message)` reports progress; `onConflict({revision, shapes})` hands over the
   * server's newer set when a save hits a 409. `request` (the API call) and `storage` (where the
   * draft journal lives) are the browser's unless a test gives its own.
   */
  constructor(imageId, revision, { onState, onConflict, onSaved = () => {}, request = api, storage = globalThis.localStorage }) {
    this.imageId = imageId;
    this.revision = revision;
    this.onState = onState;
    this.onConflict = onConflict;
    this.onSaved = onSaved;
    this.request = request;
    this.storage = storage;
    this.latest = null;   // the newest shapes not yet known to be saved
    this.extra = {};      // what the save says beside them (decisions on suggestions)
    this.timer = null;
    this.retryDelay = 1000;
    this.inFlight = null;
    this.paused = false;  // while a conflict or a lock waits for the user
    this.state = SaveState.SAVED;
  }

  get journalKey() { return `loupe.draft.${this.imageId}`; }

  /** The unsaved draft this browser kept for the image, if any. */
  readJournal() {
    try {
      return JSON.parse(this.storage.getItem(this.journalKey) ?? 'null');
    } catch {
      return null;
    }
  }

  writeJournal(shapes, extra = this.extra) {
    try {
      this.storage.setItem(this.journalKey, JSON.stringify({ base_revision: this.revision, shapes, extra, at: new Date().toISOString() }));
    } catch { /* storage full or disabled: the autosave still runs */ }
  }

  clearJournal() {
    this.storage.removeItem(this.journalKey);
  }

  setState(state, message = '') {
    this.state = state;
    this.onState(state, message);
  }

  /** After every change: journal now, save a moment later. `extra` rides along in the save's body. */
  changed(shapes, extra = {}) {
    this.latest = shapes;
    this.extra = extra;
    this.writeJournal(shapes);
    if (this.paused) return;
    this.setState(SaveState.UNSAVED);
    this.schedule(DELAY);
  }

  schedule(delay) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(), delay);
  }

  get dirty() { return this.latest !== null; }

  /** Saves now; resolves once the newest shapes are on the server (or the save failed). */
  async flush() {
    clearTimeout(this.timer);
    if (this.inFlight) await this.inFlight;
    if (this.dirty && !this.paused) await this.save();
    return !this.dirty;
  }

  save() {
    if (this.inFlight || !this.latest || this.paused) return this.inFlight;
    const shapes = this.latest;
    this.setState(SaveState.SAVING);
    this.inFlight = this.put(shapes, this.extra).finally(() => { this.inFlight = null; });
    return this.inFlight;
  }

  async put(shapes, extra) {
    try {
      const body = { ...extra, revision: this.revision, shapes };
      const saved = await this.request(`/api/v1/images/${this.imageId}/annotations`, { method: 'PUT', body });
      this.revision = saved.revision;
      this.retryDelay = 1000;
      if (this.latest === shapes) {
        this.latest = null;
        this.clearJournal();
        this.setState(SaveState.SAVED, `Saved (revision ${saved.revision})`);
        this.onSaved(saved);
      } else {  // edited while saving: journal against the new revision and go again
        this.writeJournal(this.latest);
        this.schedule(DELAY);
      }
    } catch (error) {
      this.failed(error);
    }
  }

  async failed(error) {
    if (error.status === 0 || error.status >= 500 || error.status === 429) {
      const seconds = Math.round(this.retryDelay / 1000);
      this.setState(SaveState.OFFLINE, `Not saved: ${error.message} Retrying in ${seconds} s; your edits are kept in this browser.`);
      this.schedule(this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, MAX_RETRY);
    } else if (error.code === 'stale_revision') {
      this.paused = true;
      this.setState(SaveState.CONFLICT, 'Someone else saved this image while you were editing.');
      const server = await this.request(`/api/v1/images/${this.imageId}/annotations`).catch(() => null);
      this.onConflict(server ?? { revision: error.revision ?? this.revision, shapes: null });
    } else if (error.code === 'wrong_status') {
      this.paused = true;
      this.setState(SaveState.LOCKED, `${error.message} Your edits are kept in this browser.`);
    } else {
      this.setState(SaveState.REJECTED, `Not saved: ${error.message}${error.field ? ` (${error.field})` : ''} Undo or fix it; your edits are kept in this browser.`);
    }
  }

  /** "Retry now", or the browser is back online: the waiting save goes at once, the backoff starts over. */
  retryNow() {
    if (this.state !== SaveState.OFFLINE) return;
    this.retryDelay = 1000;
    clearTimeout(this.timer);
    this.save();
  }

  /** Resolves a conflict by saving ours on top of the server's `revision`. */
  keepMine(revision, shapes, extra = this.extra) {
    this.paused = false;
    this.revision = revision;
    this.latest = shapes;
    this.extra = extra;
    this.writeJournal(shapes);
    return this.save();
  }

  /** Resolves a conflict by taking the server's set; our draft is dropped at the user's request. */
  takeTheirs(revision) {
    this.paused = false;
    this.revision = revision;
    this.latest = null;
    this.clearJournal();
    this.setState(SaveState.SAVED, `Showing revision ${revision}`);
  }
}
