// The document being edited: the image's shapes in image pixels, the selection, and undo/redo.
// Shapes keep the API's JSON form ({type, label_id, x, y, w, h} | {type, label_id, points} | {type, label_id}).

const copy = (shapes) => JSON.parse(JSON.stringify(shapes));
const HISTORY = 200;

export class Model {
  constructor() {
    this.shapes = [];
    this.selected = -1;        // index into shapes, or -1
    this.selectedVertex = -1;  // index into the selected polygon's points, or -1
    this.undoStack = [];
    this.redoStack = [];
    this.onChange = () => {};
  }

  /** Replaces everything (a load from the server or a restored draft); history starts afresh. */
  reset(shapes) {
    this.shapes = copy(shapes);
    this.selected = -1;
    this.selectedVertex = -1;
    this.undoStack = [];
    this.redoStack = [];
  }

  /** Call before a change: remembers the shapes as they are, so the change can be undone. */
  checkpoint() {
    this.undoStack.push(copy(this.shapes));
    if (this.undoStack.length > HISTORY) this.undoStack.shift();
    this.redoStack = [];
  }

  /** Call after a change (or a gesture's last move) to have it drawn and saved. */
  changed() {
    this.onChange();
  }

  /** Drops the last checkpoint when a gesture turned out to change nothing. */
  discardCheckpoint() {
    this.undoStack.pop();
  }

  undo() {
    if (!this.undoStack.length) return false;
    this.redoStack.push(copy(this.shapes));
    this.shapes = this.undoStack.pop();
    this.deselect();
    this.changed();
    return true;
  }

  redo() {
    if (!this.redoStack.length) return false;
    this.undoStack.push(copy(this.shapes));
    this.shapes = this.redoStack.pop();
    this.deselect();
    this.changed();
    return true;
  }

  add(shape) {
    this.checkpoint();
    this.shapes.push(shape);
    this.selected = shape.type === 'tag' ? this.selected : this.shapes.length - 1;
    this.changed();
  }

  deselect() {
    this.selected = -1;
    this.selectedVertex = -1;
  }

  get selection() {
    return this.shapes[this.selected] ?? null;
  }

  /** Deletes the selected vertex (if the polygon keeps 3), else the selected shape. */
  deleteSelection() {
    const shape = this.selection;
    if (!shape) return false;
    this.checkpoint();
    if (shape.type === 'polygon' && this.selectedVertex >= 0 && shape.points.length > 3) {
      shape.points.splice(this.selectedVertex, 1);
      this.selectedVertex = -1;
    } else {
      this.shapes.splice(this.selected, 1);
      this.deselect();
    }
    this.changed();
    return true;
  }

  setLabel(labelId) {
    const shape = this.selection;
    if (!shape || shape.label_id === labelId) return;
    this.checkpoint();
    shape.label_id = labelId;
    this.changed();
  }

  hasTag(labelId) {
    return this.shapes.some((s) => s.type === 'tag' && s.label_id === labelId);
  }

  /** Adds the tag if the image does not have it yet; `extra` fields ride along to the server. */
  addTag(labelId, extra = {}) {
    if (this.shapes.some((s) => s.type === 'tag' && s.label_id === labelId)) return;
    this.checkpoint();
    this.shapes.push({ type: 'tag', label_id: labelId, ...extra });
    this.changed();
  }

  toggleTag(labelId) {
    this.checkpoint();
    const index = this.shapes.findIndex((s) => s.type === 'tag' && s.label_id === labelId);
    if (index >= 0) {
      this.shapes.splice(index, 1);
      if (this.selected > index) this.selected -= 1;
    } else {
      this.shapes.push({ type: 'tag', label_id: labelId });
    }
    this.changed();
  }

  snapshot() {
    return copy(this.shapes);
  }
}
