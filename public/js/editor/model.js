// The document being edited: the image's shapes in image pixels, the selection, and undo/redo.
// Shapes keep the API's JSON form ({type, label_id, x, y, w, h} | {type, label_id, points} | {type, label_id});
// a box kept from a detector's suggestion carries its `suggestion_id`, and `rejected` holds the ids of
// the suggestions turned down.
// They change only through `apply(command)`, which records the undo step and tells listeners, so no
// edit can forget either. What is hidden or locked is how this person views the image, never saved:
// per shape (following each shape through deletes and reorders) and per label.
import { applyCommand } from './commands.js';

const copy = (shapes) => JSON.parse(JSON.stringify(shapes));
const HISTORY = 200;

export class Model {
  constructor() {
    this.shapes = [];
    this.rejected = [];        // ids of detector suggestions turned down
    this.selected = -1;        // index into shapes, or -1
    this.selectedVertex = -1;  // index into the selected polygon's points, or -1
    this.undoStack = [];
    this.redoStack = [];
    this.listeners = { change: [], select: [], view: [] };
    this.hidden = new Set();        // shape indices
    this.locked = new Set();
    this.hiddenLabels = new Set();  // label ids
    this.lockedLabels = new Set();
    this.viewVersion = 0;           // counts changes to what is hidden or locked, for the shape layer
  }

  /** `change`: the shapes changed (an edit, undo or redo: something to save); `select`: only the selection did;
   * `view`: what is hidden or locked did. */
  on(event, listener) {
    this.listeners[event].push(listener);
  }

  emit(event) {
    for (const listener of this.listeners[event]) listener(this);
  }

  /** Replaces everything (a load from the server, a restored draft, their save); history starts
   * afresh. Not an edit, so listeners are not told (nothing is saved): the caller redraws. */
  reset(shapes, rejected = []) {
    this.shapes = copy(shapes);
    this.rejected = [...rejected];
    this.selected = -1;
    this.selectedVertex = -1;
    this.undoStack = [];
    this.redoStack = [];
    this.hidden = new Set();
    this.locked = new Set();
  }

  /** Applies a command; false (and nothing recorded) when it changes nothing. */
  apply(command) {
    const result = applyCommand(this.shapes, command, this.rejected);
    if (!result) return false;
    this.undoStack.push(this.state);
    if (this.undoStack.length > HISTORY) this.undoStack.shift();
    this.redoStack = [];
    this.shapes = result.shapes;
    if (result.order) {
      const follow = (set) => new Set(result.order.flatMap((old, index) => (set.has(old) ? [index] : [])));
      this.hidden = follow(this.hidden);
      this.locked = follow(this.locked);
    }
    if (result.rejected) this.rejected = result.rejected;
    if (result.selected !== undefined) this.selected = result.selected;
    else if (result.removedIndex >= 0 && this.selected > result.removedIndex) this.selected -= 1;
    if (result.selectedVertex !== undefined) this.selectedVertex = result.selectedVertex;
    this.emit('change');
    return true;
  }

  get canUndo() { return this.undoStack.length > 0; }
  get canRedo() { return this.redoStack.length > 0; }

  /** What one undo step restores (with what was hidden and locked then, whose indices fit those shapes). */
  get state() { return { shapes: this.shapes, rejected: this.rejected, hidden: this.hidden, locked: this.locked }; }

  restore({ shapes, rejected, hidden, locked }) {
    this.shapes = shapes;
    this.rejected = rejected;
    this.hidden = new Set(hidden);
    this.locked = new Set(locked);
  }

  undo() {
    if (!this.canUndo) return false;
    this.redoStack.push(this.state);
    this.restore(this.undoStack.pop());
    this.deselect();
    this.emit('change');
    return true;
  }

  redo() {
    if (!this.canRedo) return false;
    this.undoStack.push(this.state);
    this.restore(this.redoStack.pop());
    this.deselect();
    this.emit('change');
    return true;
  }

  select(index, vertex = -1) {
    this.selected = index;
    this.selectedVertex = vertex;
    this.emit('select');
  }

  deselect() {
    this.selected = -1;
    this.selectedVertex = -1;
  }

  get selection() {
    return this.shapes[this.selected] ?? null;
  }

  // MARK: - What this person hides and locks (not edits: nothing to save or undo)

  isHidden(index) { return this.hidden.has(index) || this.hiddenLabels.has(this.shapes[index]?.label_id); }

  isLocked(index) { return this.locked.has(index) || this.lockedLabels.has(this.shapes[index]?.label_id); }

  /** Flips `key` in one of the sets (`hidden`, `locked`, `hiddenLabels`, `lockedLabels`); a hidden selection is let go. */
  toggle(set, key) {
    this.viewVersion += 1;
    if (this[set].has(key)) this[set].delete(key); else this[set].add(key);
    if (this.selected >= 0 && this.isHidden(this.selected)) this.deselect();
    this.emit('view');
    return this[set].has(key);
  }

  /** Shows every shape hidden one by one or by label; how many came back. */
  showAll() {
    this.viewVersion += 1;
    const count = this.shapes.filter((_, i) => this.isHidden(i)).length;
    this.hidden.clear();
    this.hiddenLabels.clear();
    this.emit('view');
    return count;
  }

  /** Whether the suggestion `id` is kept as a box or turned down. */
  decided(id) {
    return this.rejected.includes(id) || this.shapes.some((s) => s.suggestion_id === id);
  }

  hasTag(labelId) {
    return this.shapes.some((s) => s.type === 'tag' && s.label_id === labelId);
  }

  snapshot() {
    return copy(this.shapes);
  }
}
