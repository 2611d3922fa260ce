// Pointer interaction: the one `mode` the editor is in, and what each pointer event does in it. A
// gesture shows its shape as a preview while it lasts and ends in one command for the model; the
// model's shapes are never changed here.
import { anchorFor, boxFromCorners, boxHandles, clamp, distance, edgeMidpoints, polygonArea } from './geometry.js';
import { Command, deletionFor } from './commands.js';
import { suggestionAt } from './suggestions.js';
import { indexOf } from './shape-index.js';

export const Tool = Object.freeze({ SELECT: 'select', BOX: 'box', POLYGON: 'polygon', SMART: 'smart' });

export const Mode = Object.freeze({
  IDLE: 'idle',
  DRAWING_BOX: 'drawing-box',
  DRAWING_POLYGON: 'drawing-polygon',
  MOVING: 'moving',
  RESIZING: 'resizing',
  DRAGGING_VERTEX: 'dragging-vertex',
  PANNING: 'panning',
  PRESSING_SUGGESTION: 'pressing-suggestion',  // a press on a suggestion: a click focuses it, a drag keeps it moved
  SMART_CLICK: 'smart-click',  // a press inside a smart polygon's box: on release, a click on (or, with Shift, off) the object
});

const round = (value) => Math.round(value * 100) / 100;
const CLOSE_DISTANCE = 10; // screen pixels from the first point that close a polygon

const clone = (value) => JSON.parse(JSON.stringify(value));

export class Interaction {
  /**
   * `view` and `model` it works on; `imageSize()`, `currentLabel()`, `isReadOnly()` and
   * `requireLabel()` (false, with the reason shown, when nothing may be drawn) it asks; `redraw()`
   * and `notify(text)` it calls. `suggestions` (the open ones, `open()` and `focused()`) it asks,
   * and tells (`focus(s)`, `accept(s)`: keeps it as a selected box). `smart` hears the smart tool's
   * box (`box(b)`), a click with no box yet (`clickWithoutBox(point)`) and clicks in a proposal's box
   * (`click(point, off)`), and says where that box is (`proposalBox()`).
   */
  constructor({ view, model, imageSize, currentLabel, isReadOnly, requireLabel, redraw, notify, suggestions, smart }) {
    Object.assign(this, { view, model, imageSize, currentLabel, isReadOnly, requireLabel, redraw, notify, suggestions, smart });
    this.tool = Tool.BOX;
    this.mode = Mode.IDLE;
    this.spaceHeld = false;
    this.draft = null;
    this.gesture = null;
    this.preview = null;  // {index, shape, inserted}: the shape a gesture is changing, as it would end now
    this.hover = -1;
  }

  setTool(tool) {
    if (this.mode === Mode.DRAWING_POLYGON) this.cancel();
    this.tool = tool;
    this.redraw();
  }

  /** The shapes to draw: the model's, with the gesture's preview in place of the shape it changes. */
  displayShapes() {
    if (!this.preview) return this.model.shapes;
    return this.model.shapes.map((shape, index) => (index === this.preview.index ? this.preview.shape : shape));
  }

  /** The pointer's position in canvas (CSS) pixels and in image pixels, clamped to the image. */
  locate(event) {
    const rect = this.view.canvas.getBoundingClientRect();
    const screen = { x: event.clientX - rect.left, y: event.clientY - rect.top };
    const raw = this.view.toImage(screen);
    const { width, height } = this.imageSize();
    return { screen, raw, point: { x: round(clamp(raw.x, 0, width)), y: round(clamp(raw.y, 0, height)) } };
  }

  /** Within `radius` screen pixels (a handle's, which shrinks on small shapes) of each other. */
  near(a, b, radius) {
    return distance(this.view.toScreen(a), this.view.toScreen(b)) <= radius + 2;
  }

  /** The smallest box or polygon under the image point, or -1; clicks pass through hidden and locked shapes. */
  shapeAt(p) {
    const { width, height } = this.imageSize();
    return indexOf(this.model.shapes, width, height).at(p, (i) => !this.model.isHidden(i) && !this.model.isLocked(i));
  }

  // MARK: - Pointer events

  pointerDown(event) {
    const { screen, raw, point } = this.locate(event);
    if (event.button === 1 || (event.button === 0 && this.spaceHeld)) {
      this.mode = Mode.PANNING;
      this.gesture = { last: screen };
      return;
    }
    if (event.button !== 0) return;
    if (this.mode === Mode.DRAWING_POLYGON) return this.addPolygonPoint(point);
    if (!this.isReadOnly() && (this.grabSelection(raw, event) || this.grabSuggestion(raw, event))) return;
    if (this.tool === Tool.SELECT) return this.select(raw, point, event);
    if (!this.requireLabel()) return;
    const proposal = this.tool === Tool.SMART ? this.smart?.proposalBox() : null;
    if (proposal && point.x >= proposal.x && point.x <= proposal.x + proposal.w && point.y >= proposal.y && point.y <= proposal.y + proposal.h) {
      this.mode = Mode.SMART_CLICK;
      this.gesture = { point, off: event.shiftKey || event.altKey };
      return;
    }
    if (this.tool === Tool.BOX || this.tool === Tool.SMART) {
      this.mode = Mode.DRAWING_BOX;
      this.draft = { kind: 'box', labelId: this.currentLabel(), start: point, box: { ...point, w: 0, h: 0 }, smart: this.tool === Tool.SMART };
    } else {
      this.mode = Mode.DRAWING_POLYGON;
      this.draft = { kind: 'polygon', labelId: this.currentLabel(), points: [[point.x, point.y]], cursor: point };
    }
    this.redraw();
  }

  /** In a drawing tool, a press on the selected shape's handles still edits it. */
  grabSelection(raw, event) {
    const shape = this.model.selection;
    if (this.model.isLocked(this.model.selected)) return false;
    return Boolean(shape && shape.type !== 'tag' && this.tryHandles(shape, raw, event));
  }

  /** A press on a corner of the focused suggestion keeps it and resizes the box it became. */
  grabSuggestion(raw, event) {
    const focused = this.suggestions.focused();
    if (!focused) return false;
    const box = { type: 'bbox', ...focused };
    if (!boxHandles(box).some((h) => this.near(h, raw, this.view.handleRadius(box)))) return false;
    this.suggestions.accept(focused);
    return this.grabSelection(raw, event);
  }

  /** Starts resizing or vertex dragging if the press is on a handle of `shape`; true if it was. */
  tryHandles(shape, raw, event) {
    const radius = this.view.handleRadius(shape);
    if (shape.type === 'bbox') {
      const handle = boxHandles(shape).find((h) => this.near(h, raw, radius));
      if (handle) {
        this.mode = Mode.RESIZING;
        this.gesture = { anchor: anchorFor(handle.name, shape) };
        this.preview = { index: this.model.selected, shape: clone(shape) };
      }
      return Boolean(handle);
    }
    const index = this.model.selected;
    const vertex = shape.points.findIndex(([x, y]) => this.near({ x, y }, raw, radius));
    if (vertex >= 0) {
      if (event.altKey) {  // Alt+click removes a vertex
        this.model.select(index, vertex);
        this.model.apply(deletionFor(this.model.shapes, index, vertex));
        return true;
      }
      this.model.select(index, vertex);
      this.mode = Mode.DRAGGING_VERTEX;
      this.gesture = { vertex };
      this.preview = { index, shape: clone(shape), inserted: false };
      this.redraw();
      return true;
    }
    const mid = edgeMidpoints(shape.points).find((m) => this.near(m, raw, radius));
    if (mid) {  // dragging an edge's midpoint inserts a vertex there
      const preview = clone(shape);
      preview.points.splice(mid.index, 0, [round(mid.x), round(mid.y)]);
      this.model.select(index, mid.index);
      this.mode = Mode.DRAGGING_VERTEX;
      this.gesture = { vertex: mid.index };
      this.preview = { index, shape: preview, inserted: true };
      this.redraw();
    }
    return Boolean(mid);
  }

  select(raw, point, event) {
    const index = this.shapeAt(raw);
    const suggestion = index < 0 ? suggestionAt(this.suggestions.open(), raw) : null;
    if (suggestion) return this.pressSuggestion(suggestion, event);
    this.model.select(index);
    if (index >= 0 && !this.isReadOnly()) {  // a read-only image's shapes can be looked at, not moved
      this.mode = Mode.MOVING;
      this.gesture = { start: point, original: clone(this.model.shapes[index]), dx: 0, dy: 0 };
      this.preview = { index, shape: clone(this.model.shapes[index]) };
    }
    this.redraw();
  }

  /** Focuses the suggestion; the press becomes a move of it, kept as a box, once the pointer travels. */
  pressSuggestion(suggestion, event) {
    this.suggestions.focus(suggestion);
    this.model.select(-1);
    if (!this.isReadOnly()) {
      this.mode = Mode.PRESSING_SUGGESTION;
      this.gesture = { suggestion, down: { clientX: event.clientX, clientY: event.clientY, button: 0 }, screen: this.locate(event).screen };
    }
    this.redraw();
  }

  pointerMove(event) {
    const { screen, raw, point } = this.locate(event);
    switch (this.mode) {
      case Mode.PRESSING_SUGGESTION: {
        if (distance(screen, this.gesture.screen) < 3) return;
        // Dragged: keep it as a box, then go on as a press on that box would have.
        const { suggestion, down } = this.gesture;
        this.mode = Mode.IDLE;
        this.gesture = null;
        this.suggestions.accept(suggestion);
        this.select(this.locate(down).raw, this.locate(down).point, down);
        return this.pointerMove(event);
      }
      case Mode.PANNING:
        this.view.pan(screen.x - this.gesture.last.x, screen.y - this.gesture.last.y);
        this.gesture.last = screen;
        break;
      case Mode.DRAWING_BOX:
        this.draft.box = boxFromCorners(this.draft.start, point);
        break;
      case Mode.DRAWING_POLYGON:
        this.draft.cursor = point;
        break;
      case Mode.MOVING:
        this.moveSelection(point);
        break;
      case Mode.RESIZING:
        Object.assign(this.preview.shape, boxFromCorners(this.gesture.anchor, point));
        break;
      case Mode.DRAGGING_VERTEX:
        this.preview.shape.points[this.gesture.vertex] = [point.x, point.y];
        break;
      default: {
        const hover = this.shapeAt(raw);
        if (hover === this.hover) return;
        this.hover = hover;
      }
    }
    this.redraw();
  }

  /** Moves the preview with the pointer, stopping at the image's edges. */
  moveSelection(point) {
    const { width, height } = this.imageSize();
    const original = this.gesture.original;
    let dx = point.x - this.gesture.start.x;
    let dy = point.y - this.gesture.start.y;
    const xs = original.type === 'bbox' ? [original.x, original.x + original.w] : original.points.map((p) => p[0]);
    const ys = original.type === 'bbox' ? [original.y, original.y + original.h] : original.points.map((p) => p[1]);
    dx = clamp(dx, -Math.min(...xs), width - Math.max(...xs));
    dy = clamp(dy, -Math.min(...ys), height - Math.max(...ys));
    const shape = this.preview.shape;
    if (shape.type === 'bbox') {
      shape.x = round(original.x + dx);
      shape.y = round(original.y + dy);
    } else {
      shape.points = original.points.map(([x, y]) => [round(x + dx), round(y + dy)]);
    }
    Object.assign(this.gesture, { dx, dy });
  }

  /** A gesture ends in one command (or none, when it changed nothing or would break the shape). */
  pointerUp() {
    const mode = this.mode;
    const { gesture, preview } = this;
    this.mode = Mode.IDLE;
    this.gesture = null;
    this.preview = null;
    switch (mode) {
      case Mode.DRAWING_BOX: {
        const box = this.draft.box;
        // A click without a drag (under 3 screen pixels) makes no box; on a suggestion it focuses it.
        const smart = this.draft.smart;
        this.draft = null;
        if (smart) {
          if (box.w >= 4 && box.h >= 4) this.smart.box({ x: box.x, y: box.y, w: round(box.w), h: round(box.h) });
          else this.smart.clickWithoutBox({ x: box.x, y: box.y });  // a click inside an object: a box around it
        } else if (box.w * this.view.scale >= 3 && box.h * this.view.scale >= 3) {
          this.model.apply(Command.add({ type: 'bbox', label_id: this.currentLabel(), x: box.x, y: box.y, w: round(box.w), h: round(box.h) }));
        } else {
          const suggestion = suggestionAt(this.suggestions.open(), { x: box.x, y: box.y });
          if (suggestion) this.suggestions.focus(suggestion);
        }
        break;
      }
      case Mode.SMART_CLICK:
        this.smart.click(gesture.point, gesture.off);
        break;
      case Mode.MOVING:
        this.model.apply(Command.move(preview.index, gesture.dx, gesture.dy));
        break;
      case Mode.RESIZING: {
        const { x, y, w, h } = preview.shape;
        this.model.apply(Command.resize(preview.index, { x, y, w, h }));  // a collapsed box (under 1 px) is refused
        break;
      }
      case Mode.DRAGGING_VERTEX: {
        const point = preview.shape.points[gesture.vertex];
        if (polygonArea(preview.shape.points) <= 0) {
          this.notify('That would leave the polygon without area; undone.');
        } else if (preview.inserted) {
          this.model.apply(Command.insertVertex(preview.index, gesture.vertex, point));
        } else {
          this.model.apply(Command.moveVertex(preview.index, gesture.vertex, point));
        }
        break;
      }
      case Mode.DRAWING_POLYGON:
        this.mode = Mode.DRAWING_POLYGON;  // a polygon stays open between clicks
        return;
      default:
        break;
    }
    this.redraw();
  }

  // MARK: - Polygons

  addPolygonPoint(point) {
    const points = this.draft.points;
    const [fx, fy] = points[0];
    if (points.length >= 3 && this.near({ x: fx, y: fy }, point, CLOSE_DISTANCE)) return this.closePolygon();
    const [lx, ly] = points[points.length - 1];
    if (lx !== point.x || ly !== point.y) points.push([point.x, point.y]);
    this.redraw();
  }

  /** Enter or a double-click: keeps the polygon if it has 3 points and an area. */
  closePolygon() {
    if (this.mode !== Mode.DRAWING_POLYGON) return false;
    const points = this.draft.points;
    if (points.length < 3 || polygonArea(points) <= 0) {
      this.notify('A polygon needs at least 3 points that are not on one line. Keep clicking, or Esc to cancel.');
      return true;
    }
    this.mode = Mode.IDLE;
    this.draft = null;
    this.model.apply(Command.add({ type: 'polygon', label_id: this.currentLabel(), points }));
    this.redraw();
    return true;
  }

  removeLastPoint() {
    if (this.mode !== Mode.DRAWING_POLYGON) return false;
    this.draft.points.pop();
    if (!this.draft.points.length) this.cancel(); else this.redraw();
    return true;
  }

  /** Esc: drops the shape being drawn, or else the selection. */
  cancel() {
    if (this.mode === Mode.DRAWING_POLYGON || this.mode === Mode.DRAWING_BOX) {
      this.mode = Mode.IDLE;
      this.draft = null;
    } else {
      this.model.select(-1);
    }
    this.redraw();
  }

  wheel(event) {
    const { screen } = this.locate(event);
    this.view.zoomAt(screen, Math.exp(-event.deltaY * 0.0015));
    this.redraw();
  }
}
