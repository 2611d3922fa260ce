// Pointer interaction: the one `mode` the editor is in, and what each pointer event does in it.
import { anchorFor, boxFromCorners, boxHandles, clamp, distance, edgeMidpoints, polygonArea, shapeAtPoint } from './geometry.js';

export const Tool = Object.freeze({ SELECT: 'select', BOX: 'box', POLYGON: 'polygon' });

export const Mode = Object.freeze({
  IDLE: 'idle',
  DRAWING_BOX: 'drawing-box',
  DRAWING_POLYGON: 'drawing-polygon',
  MOVING: 'moving',
  RESIZING: 'resizing',
  DRAGGING_VERTEX: 'dragging-vertex',
  PANNING: 'panning',
});

const round = (value) => Math.round(value * 100) / 100;
const CLOSE_DISTANCE = 10; // screen pixels from the first point that close a polygon

export class Interaction {
  /** `host` gives: view, model, image size, the current label id, `readOnly`, redraw() and notify(text). */
  constructor(host) {
    this.host = host;
    this.tool = Tool.BOX;
    this.mode = Mode.IDLE;
    this.spaceHeld = false;
    this.draft = null;
    this.gesture = null;
    this.hover = -1;
  }

  get view() { return this.host.view; }
  get model() { return this.host.model; }

  setTool(tool) {
    if (this.mode === Mode.DRAWING_POLYGON) this.cancel();
    this.tool = tool;
    this.host.redraw();
  }

  /** The pointer's position in canvas (CSS) pixels and in image pixels, clamped to the image. */
  locate(event) {
    const rect = this.view.canvas.getBoundingClientRect();
    const screen = { x: event.clientX - rect.left, y: event.clientY - rect.top };
    const raw = this.view.toImage(screen);
    const { width, height } = this.host.imageSize();
    return { screen, raw, point: { x: round(clamp(raw.x, 0, width)), y: round(clamp(raw.y, 0, height)) } };
  }

  /** Within `radius` screen pixels (a handle's, which shrinks on small shapes) of each other. */
  near(a, b, radius) {
    return distance(this.view.toScreen(a), this.view.toScreen(b)) <= radius + 2;
  }

  /** The smallest box or polygon under the image point, or -1. */
  shapeAt(p) {
    return shapeAtPoint(this.model.shapes, p);
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
    if (!this.host.readOnly && this.grabSelection(raw, event)) return;
    if (this.tool === Tool.SELECT) return this.select(raw, point);
    if (!this.host.requireLabel()) return;
    if (this.tool === Tool.BOX) {
      this.mode = Mode.DRAWING_BOX;
      this.draft = { kind: 'box', labelId: this.host.currentLabel(), start: point, box: { ...point, w: 0, h: 0 } };
    } else {
      this.mode = Mode.DRAWING_POLYGON;
      this.draft = { kind: 'polygon', labelId: this.host.currentLabel(), points: [[point.x, point.y]], cursor: point };
    }
    this.host.redraw();
  }

  /** In a drawing tool, a press on the selected shape's handles still edits it. */
  grabSelection(raw, event) {
    const shape = this.model.selection;
    return Boolean(shape && shape.type !== 'tag' && this.tryHandles(shape, raw, event));
  }

  /** Starts resizing or vertex dragging if the press is on a handle of `shape`; true if it was. */
  tryHandles(shape, raw, event) {
    const radius = this.view.handleRadius(shape);
    if (shape.type === 'bbox') {
      const handle = boxHandles(shape).find((h) => this.near(h, raw, radius));
      if (handle) {
        this.model.checkpoint();
        this.mode = Mode.RESIZING;
        this.gesture = { anchor: anchorFor(handle.name, shape), before: JSON.stringify(shape) };
      }
      return Boolean(handle);
    }
    const vertex = shape.points.findIndex(([x, y]) => this.near({ x, y }, raw, radius));
    if (vertex >= 0) {
      this.model.selectedVertex = vertex;
      if (event.altKey) {  // Alt+click removes a vertex
        this.model.deleteSelection();
        return true;
      }
      this.model.checkpoint();
      this.mode = Mode.DRAGGING_VERTEX;
      this.gesture = { vertex, before: JSON.stringify(shape) };
      this.host.redraw();
      return true;
    }
    const mid = edgeMidpoints(shape.points).find((m) => this.near(m, raw, radius));
    if (mid) {  // dragging an edge's midpoint inserts a vertex there
      this.model.checkpoint();
      shape.points.splice(mid.index, 0, [round(mid.x), round(mid.y)]);
      this.model.selectedVertex = mid.index;
      this.mode = Mode.DRAGGING_VERTEX;
      this.gesture = { vertex: mid.index, before: '' };
      this.host.redraw();
    }
    return Boolean(mid);
  }

  select(raw, point) {
    const index = this.shapeAt(raw);
    this.model.selected = index;
    this.model.selectedVertex = -1;
    if (index >= 0 && !this.host.readOnly) {  // a read-only image's shapes can be looked at, not moved
      this.model.checkpoint();
      this.mode = Mode.MOVING;
      this.gesture = { start: point, original: JSON.parse(JSON.stringify(this.model.shapes[index])), moved: false };
    }
    this.host.selectionChanged();
    this.host.redraw();
  }

  pointerMove(event) {
    const { screen, raw, point } = this.locate(event);
    switch (this.mode) {
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
        Object.assign(this.model.selection, boxFromCorners(this.gesture.anchor, point));
        break;
      case Mode.DRAGGING_VERTEX:
        this.model.selection.points[this.gesture.vertex] = [point.x, point.y];
        break;
      default: {
        const hover = this.shapeAt(raw);
        if (hover === this.hover) return;
        this.hover = hover;
      }
    }
    this.host.redraw();
  }

  /** Moves the selected shape with the pointer, stopping at the image's edges. */
  moveSelection(point) {
    const { width, height } = this.host.imageSize();
    const original = this.gesture.original;
    let dx = point.x - this.gesture.start.x;
    let dy = point.y - this.gesture.start.y;
    const xs = original.type === 'bbox' ? [original.x, original.x + original.w] : original.points.map((p) => p[0]);
    const ys = original.type === 'bbox' ? [original.y, original.y + original.h] : original.points.map((p) => p[1]);
    dx = clamp(dx, -Math.min(...xs), width - Math.max(...xs));
    dy = clamp(dy, -Math.min(...ys), height - Math.max(...ys));
    const shape = this.model.selection;
    if (shape.type === 'bbox') {
      shape.x = round(original.x + dx);
      shape.y = round(original.y + dy);
    } else {
      shape.points = original.points.map(([x, y]) => [round(x + dx), round(y + dy)]);
    }
    this.gesture.moved = this.gesture.moved || dx !== 0 || dy !== 0;
  }

  pointerUp() {
    const mode = this.mode;
    this.mode = Mode.IDLE;
    switch (mode) {
      case Mode.DRAWING_BOX: {
        const box = this.draft.box;
        this.draft = null;
        // A click without a drag (under 3 screen pixels) makes no box.
        if (box.w * this.view.scale >= 3 && box.h * this.view.scale >= 3) {
          this.model.add({ type: 'bbox', label_id: this.host.currentLabel(), x: box.x, y: box.y, w: round(box.w), h: round(box.h) });
          this.host.selectionChanged();
        }
        break;
      }
      case Mode.MOVING:
        if (this.gesture.moved) this.model.changed(); else this.model.discardCheckpoint();
        break;
      case Mode.RESIZING: {
        const shape = this.model.selection;
        if (shape.w < 1 || shape.h < 1) {  // collapsed: put it back
          Object.assign(shape, JSON.parse(this.gesture.before));
          this.model.discardCheckpoint();
        } else if (JSON.stringify(shape) !== this.gesture.before) this.model.changed(); else this.model.discardCheckpoint();
        break;
      }
      case Mode.DRAGGING_VERTEX: {
        const shape = this.model.selection;
        if (polygonArea(shape.points) <= 0) {
          this.host.notify('That would leave the polygon without area; undone.');
          this.model.shapes[this.model.selected] = JSON.parse(this.gesture.before || JSON.stringify(shape));
          this.model.discardCheckpoint();
        } else if (JSON.stringify(shape) !== this.gesture.before) this.model.changed(); else this.model.discardCheckpoint();
        break;
      }
      case Mode.DRAWING_POLYGON:
        this.mode = Mode.DRAWING_POLYGON;  // a polygon stays open between clicks
        return;
      default:
        break;
    }
    this.gesture = null;
    this.host.redraw();
  }

  // MARK: - Polygons

  addPolygonPoint(point) {
    const points = this.draft.points;
    const [fx, fy] = points[0];
    if (points.length >= 3 && this.near({ x: fx, y: fy }, point, CLOSE_DISTANCE)) return this.closePolygon();
    const [lx, ly] = points[points.length - 1];
    if (lx !== point.x || ly !== point.y) points.push([point.x, point.y]);
    this.host.redraw();
  }

  /** Enter or a double-click: keeps the polygon if it has 3 points and an area. */
  closePolygon() {
    if (this.mode !== Mode.DRAWING_POLYGON) return false;
    const points = this.draft.points;
    if (points.length < 3 || polygonArea(points) <= 0) {
      this.host.notify('A polygon needs at least 3 points that are not on one line. Keep clicking, or Esc to cancel.');
      return true;
    }
    this.mode = Mode.IDLE;
    this.draft = null;
    this.model.add({ type: 'polygon', label_id: this.host.currentLabel(), points });
    this.host.selectionChanged();
    this.host.redraw();
    return true;
  }

  removeLastPoint() {
    if (this.mode !== Mode.DRAWING_POLYGON) return false;
    this.draft.points.pop();
    if (!this.draft.points.length) this.cancel(); else this.host.redraw();
    return true;
  }

  /** Esc: drops the shape being drawn, or else the selection. */
  cancel() {
    if (this.mode === Mode.DRAWING_POLYGON || this.mode === Mode.DRAWING_BOX) {
      this.mode = Mode.IDLE;
      this.draft = null;
    } else {
      this.model.deselect();
      this.host.selectionChanged();
    }
    this.host.redraw();
  }

  wheel(event) {
    const { screen } = this.locate(event);
    this.view.zoomAt(screen, Math.exp(-event.deltaY * 0.0015));
    this.host.redraw();
  }
}
