// Drawing: one view transform (image pixels → canvas pixels) and a full redraw from the model, of the
// shapes in view only (the shape index finds them), with runs of same-coloured shapes filled and
// stroked as one path: thousands of shapes still draw within a frame.
import { boxHandles, edgeMidpoints } from './geometry.js';
import { textColorOn } from '../color.js';

const LAYER_MARGIN = 400;  // screen pixels the shape layer reaches past each side of the view, for pans
const SETTLE_MS = 150;     // after the last zoom step, the layer is drawn sharp at the new scale

export const HANDLE = 6; // screen pixels: half the size of a handle square, and the hit radius, at most
const MIN_HANDLE = 2.5;  // handles shrink on tiny shapes so they never cover them

export class View {
  constructor(canvas) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d');
    this.scale = 1;
    this.offsetX = 0;
    this.offsetY = 0;
    this.adjusted = false;  // zoomed or panned by the user since the last fit
    this.showNames = true;  // label names on the canvas (L toggles)
  }

  /** Half the size of `shape`'s handles on screen: a quarter of its shorter side, within limits. */
  handleRadius(shape) {
    let side;
    if (shape.type === 'bbox') side = Math.min(shape.w, shape.h);
    else {
      const xs = shape.points.map((p) => p[0]);
      const ys = shape.points.map((p) => p[1]);
      side = Math.min(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    }
    return Math.min(HANDLE, Math.max(MIN_HANDLE, (side * this.scale) / 4));
  }

  /** Matches the canvas to its box on screen (and the device's pixel ratio). */
  resize() {
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = this.canvas.getBoundingClientRect();
    this.canvas.width = Math.max(1, Math.round(width * ratio));
    this.canvas.height = Math.max(1, Math.round(height * ratio));
    this.ratio = ratio;
    this.cssWidth = width;
    this.cssHeight = height;
  }

  /** Shows the whole image, centred. */
  fit(imageWidth, imageHeight) {
    const margin = 16;
    this.scale = Math.min((this.cssWidth - 2 * margin) / imageWidth, (this.cssHeight - 2 * margin) / imageHeight);
    this.offsetX = (this.cssWidth - imageWidth * this.scale) / 2;
    this.offsetY = (this.cssHeight - imageHeight * this.scale) / 2;
  }

  toImage(screen) {
    return { x: (screen.x - this.offsetX) / this.scale, y: (screen.y - this.offsetY) / this.scale };
  }

  toScreen(point) {
    return { x: point.x * this.scale + this.offsetX, y: point.y * this.scale + this.offsetY };
  }

  /** Zooms by `factor` keeping the image point under `screen` where it is. */
  zoomAt(screen, factor) {
    const before = this.toImage(screen);
    this.scale = Math.min(Math.max(this.scale * factor, 0.02), 64);
    this.offsetX = screen.x - before.x * this.scale;
    this.offsetY = screen.y - before.y * this.scale;
    this.adjusted = true;
  }

  pan(dx, dy) {
    this.offsetX += dx;
    this.offsetY += dy;
    this.adjusted = true;
  }

  /** Redraws everything: image (and over it the `tiles` of a huge image the zoom needs, each through
   * `picture`, the image adjustments), `shapes` (a gesture's preview included, at `preview`) from the shape
   * layer of `base` (the model's shapes, without the preview; `version` counts changes to what is
   * hidden or locked), a detector's open `suggestions`
   * ({…, likely}) with the focused one's handles, the selection's handles, others' shapes in a
   * conflict (`ghosts`), the shape being drawn and a smart polygon's `proposal`. */
  draw({ image, imageWidth, imageHeight, shapes, selected, selectedVertex, labels, draft, hover, ghosts = null,
    suggestions = [], focusedSuggestion = null, hidden = () => false, locked = () => false, index = null, preview = -1, version = 0, base = null,
    tiles = null, picture = (source) => source, proposal = null }) {
    const g = this.context;
    g.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    g.clearRect(0, 0, this.cssWidth, this.cssHeight);
    g.save();
    g.translate(this.offsetX, this.offsetY);
    g.scale(this.scale, this.scale);
    if (image) g.drawImage(image, 0, 0, imageWidth, imageHeight);
    tiles?.draw(g, this, this.canvas, picture);
    g.restore();
    this.drawLayer(base ?? shapes, { labels, hidden, locked, index, preview, version });
    // What changes from frame to frame goes over the layer: the shape a gesture changes, the hover and
    // the selection (drawn again on top, stronger).
    for (const [i, fill, width] of [[preview, 0.32, 3], [hover, 0.12, 2], [selected, 0.2, 3]]) {
      const shape = shapes[i];
      if (!shape || shape.type === 'tag' || hidden(i) || (i !== preview && locked(i))) continue;
      const path = new Path2D();
      this.addPath(path, shape);
      this.paint(path, labels.get(shape.label_id)?.color ?? '#888', fill, width);
      if (i === preview && this.showNames) this.drawName(shape, labels.get(shape.label_id));
    }
    for (const suggestion of suggestions) {
      this.drawSuggestion(suggestion, labels.get(suggestion.label_id)?.color ?? '#888', suggestion.id === focusedSuggestion?.id);
    }
    if (focusedSuggestion) {
      const box = { type: 'bbox', ...focusedSuggestion };
      for (const handle of boxHandles(box)) this.square(handle, false, this.handleRadius(box));
    }
    if (ghosts) for (const shape of ghosts) if (shape.type !== 'tag') this.drawGhost(shape, labels.get(shape.label_id)?.color ?? '#888');
    const chosen = shapes[selected];
    if (chosen && chosen.type !== 'tag' && !hidden(selected) && !locked(selected)) this.drawHandles(chosen, selectedVertex);
    if (draft) this.drawDraft(draft, labels);
    if (proposal) this.drawProposal(proposal);
  }

  /** A smart polygon's box (dotted), its proposed outline (dashed, with its points) and the clicks:
   * on the object green, off it red. */
  drawProposal({ box, points, include, exclude, pending }) {
    const g = this.context;
    this.tracePath({ type: 'bbox', ...box });
    g.setLineDash([2, 4]);
    g.lineWidth = 1.5;
    g.strokeStyle = pending ? '#f5a524' : 'rgba(255, 255, 255, .9)';
    g.stroke();
    if (points) {
      this.tracePath({ type: 'polygon', points });
      g.setLineDash([7, 4]);
      g.lineWidth = 4;
      g.strokeStyle = 'rgba(0, 0, 0, .6)';
      g.stroke();
      g.lineWidth = 2;
      g.strokeStyle = '#30a46c';
      g.stroke();
      for (const [x, y] of points) this.square({ x, y }, true, 3);
    }
    g.setLineDash([]);
    for (const [list, color] of [[include, '#30a46c'], [exclude, '#e5484d']]) {
      for (const point of list) {
        const p = this.toScreen(point);
        g.beginPath();
        g.arc(p.x, p.y, 5, 0, 2 * Math.PI);
        g.fillStyle = color;
        g.fill();
        g.lineWidth = 2;
        g.strokeStyle = '#fff';
        g.stroke();
      }
    }
  }

  /** The indices of the shapes in view (all, without an index) but `skip` (the one a gesture draws live). */
  inView(shapes, index, skip) {
    const margin = 8 / this.scale;  // outlines reach a few screen pixels past a shape's edge
    const a = this.toImage({ x: 0, y: 0 }), b = this.toImage({ x: this.cssWidth, y: this.cssHeight });
    const found = index ? index.within([a.x - margin, a.y - margin, b.x + margin, b.y + margin]) : shapes.map((_, i) => i);
    return skip >= 0 ? found.filter((i) => i !== skip) : found;
  }

  // MARK: - The shape layer: every shape drawn once into a canvas of its own, then copied each frame

  /** Copies the shape layer onto the canvas, drawing it again first when the shapes (or what is hidden,
   * locked or named) changed, or the view left the area it covers. A zoom copies it scaled, and draws
   * it sharp again once the wheel has rested (`onSettle` redraws). */
  drawLayer(shapes, { labels, hidden, locked, index, preview, version }) {
    const key = [version, preview, this.showNames, this.ratio, this.cssWidth, this.cssHeight];
    let layer = this.layer;
    const fresh = layer && layer.shapes === shapes && layer.labels === labels && key.every((v, i) => v === layer.key[i]);
    const s = fresh ? this.scale / layer.scale : 1;
    // The view's corners in the layer's own screen pixels.
    const toLayer = (x, y) => fresh ? [(x - this.offsetX) / s + layer.offsetX, (y - this.offsetY) / s + layer.offsetY] : [0, 0];
    const [x0, y0] = toLayer(0, 0), [x1, y1] = toLayer(this.cssWidth, this.cssHeight);
    const covered = fresh && x0 >= -LAYER_MARGIN && y0 >= -LAYER_MARGIN && x1 <= this.cssWidth + LAYER_MARGIN && y1 <= this.cssHeight + LAYER_MARGIN;
    if (!covered) layer = this.renderLayer(shapes, key, { labels, hidden, locked, index, preview });
    else if (s !== 1) {
      clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => { this.layer = null; this.onSettle?.(); }, SETTLE_MS);
    }
    const scale = this.scale / layer.scale;
    const g = this.context;
    g.drawImage(layer.canvas, (-LAYER_MARGIN - layer.offsetX) * scale + this.offsetX, (-LAYER_MARGIN - layer.offsetY) * scale + this.offsetY,
      (this.cssWidth + 2 * LAYER_MARGIN) * scale, (this.cssHeight + 2 * LAYER_MARGIN) * scale);
  }

  /** Draws the shapes in view and a margin around it into the layer's canvas, at the current view. */
  renderLayer(shapes, key, { labels, hidden, locked, index, preview }) {
    const canvas = this.layer?.canvas ?? document.createElement('canvas');
    canvas.width = Math.round((this.cssWidth + 2 * LAYER_MARGIN) * this.ratio);
    canvas.height = Math.round((this.cssHeight + 2 * LAYER_MARGIN) * this.ratio);
    const view = { context: this.context, offsetX: this.offsetX, offsetY: this.offsetY, cssWidth: this.cssWidth, cssHeight: this.cssHeight };
    // Draw as the view would, shifted by the margin, into the layer.
    Object.assign(this, { context: canvas.getContext('2d'), offsetX: this.offsetX + LAYER_MARGIN, offsetY: this.offsetY + LAYER_MARGIN,
      cssWidth: this.cssWidth + 2 * LAYER_MARGIN, cssHeight: this.cssHeight + 2 * LAYER_MARGIN });
    try {
      this.context.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
      this.context.clearRect(0, 0, this.cssWidth, this.cssHeight);
      const order = this.inView(shapes, index, preview);
      this.drawShapes(shapes, order, { labels, hidden, locked });
      if (this.showNames) for (const i of order) if (shapes[i].type !== 'tag' && !hidden(i)) this.drawName(shapes[i], labels.get(shapes[i].label_id));
    } finally {
      Object.assign(this, view);
    }
    this.layer = { canvas, shapes, labels, key, scale: this.scale, offsetX: this.offsetX, offsetY: this.offsetY };
    return this.layer;
  }

  /** Shapes in order; each run of plain shapes of one colour is one path, filled and stroked once. A
   * locked shape breaks the run and is drawn on its own, so the order (what is on top) stays exactly
   * as listed. */
  drawShapes(shapes, order, { labels, hidden, locked }) {
    let run = null;
    const flush = () => {
      if (run) this.paint(run.path, run.color, 0.18, 2);
      run = null;
    };
    for (const i of order) {
      const shape = shapes[i];
      if (shape.type === 'tag' || hidden(i)) continue;
      const color = labels.get(shape.label_id)?.color ?? '#888';
      if (locked(i)) {
        flush();
        const path = new Path2D();
        this.addPath(path, shape);
        this.paint(path, color, 0.06, 2);
        continue;
      }
      if (run?.color !== color) {
        flush();
        run = { color, path: new Path2D() };
      }
      this.addPath(run.path, shape);
    }
    flush();
  }

  /** A dark halo under the label's colour keeps the outline visible on any image. */
  paint(path, color, fill, width) {
    const g = this.context;
    g.globalAlpha = fill;
    g.fillStyle = color;
    g.fill(path);
    g.globalAlpha = 1;
    g.lineJoin = 'miter';  // round joins cost a fifth of a redraw of thousands of shapes
    g.miterLimit = 2;
    g.lineWidth = width + 4;
    g.strokeStyle = 'rgba(0, 0, 0, .6)';
    g.stroke(path);
    g.lineWidth = width;
    g.strokeStyle = color;
    g.stroke(path);
  }

  /** `shape`'s outline in screen pixels, added to `path`. */
  addPath(path, shape) {
    if (shape.type === 'bbox') {
      const a = this.toScreen({ x: shape.x, y: shape.y });
      path.rect(a.x, a.y, shape.w * this.scale, shape.h * this.scale);
      return;
    }
    // Vertices under a screen pixel from the last one drawn are skipped: a 100-point outline seen
    // small is a handful of segments, which is most of what a redraw of many polygons saves.
    const { scale, offsetX, offsetY } = this;
    const points = shape.points;
    let lastX = points[0][0] * scale + offsetX, lastY = points[0][1] * scale + offsetY;
    path.moveTo(lastX, lastY);
    for (let k = 1; k < points.length; k++) {
      const x = points[k][0] * scale + offsetX, y = points[k][1] * scale + offsetY;
      if (Math.abs(x - lastX) + Math.abs(y - lastY) < 1.5 && k < points.length - 1) continue;
      path.lineTo(x, y);
      lastX = x;
      lastY = y;
    }
    path.closePath();
  }

  tracePath(shape) {
    const g = this.context;
    g.beginPath();
    if (shape.type === 'bbox') {
      const a = this.toScreen({ x: shape.x, y: shape.y });
      g.rect(a.x, a.y, shape.w * this.scale, shape.h * this.scale);
    } else {
      shape.points.forEach(([x, y], i) => {
        const p = this.toScreen({ x, y });
        if (i === 0) g.moveTo(p.x, p.y); else g.lineTo(p.x, p.y);
      });
      g.closePath();
    }
  }

  /** Another user's version of a shape, during an edit conflict: dashed, white under the label's colour. */
  drawGhost(shape, color) {
    const g = this.context;
    this.tracePath(shape);
    g.setLineDash([7, 5]);
    g.lineWidth = 4;
    g.strokeStyle = 'rgba(255, 255, 255, .85)';
    g.stroke();
    g.lineWidth = 2;
    g.strokeStyle = color;
    g.stroke();
    g.setLineDash([]);
  }

  /** A detector's suggestion: dashed in its label's colour with its score; faint when it is under
   * its label's threshold, filled when it has the focus. */
  drawSuggestion(suggestion, color, focused) {
    const g = this.context;
    this.tracePath({ type: 'bbox', ...suggestion });
    g.globalAlpha = suggestion.likely ? 1 : 0.5;
    if (focused) {
      g.globalAlpha = 0.2;
      g.fillStyle = color;
      g.fill();
      g.globalAlpha = 1;
    }
    g.setLineDash([6, 4]);
    g.lineWidth = focused ? 4 : 3;
    g.strokeStyle = 'rgba(0, 0, 0, .55)';
    g.stroke();
    g.lineWidth = focused ? 2.5 : 1.5;
    g.strokeStyle = color;
    g.stroke();
    g.setLineDash([]);
    const corner = this.toScreen({ x: suggestion.x + suggestion.w, y: suggestion.y + suggestion.h });
    const text = `${Math.round(suggestion.score * 100)}%`;
    g.font = '600 11px system-ui, sans-serif';
    const width = g.measureText(text).width + 6;
    g.fillStyle = color;
    g.fillRect(corner.x - width, corner.y - 15, width, 15);
    g.fillStyle = textColorOn(color);
    g.textBaseline = 'middle';
    g.fillText(text, corner.x - width + 3, corner.y - 7);
    g.globalAlpha = 1;
  }

  /** A name tab's width, measured once per name (measuring is a frame's largest cost with thousands of names). */
  nameWidth(name) {
    this.nameWidths ??= new Map();
    let width = this.nameWidths.get(name);
    if (width === undefined) {
      width = this.context.measureText(name).width + 8;
      this.nameWidths.set(name, width);
    }
    return width;
  }

  /** The label's name in a tab of its colour at the shape's top-left corner. */
  drawName(shape, label) {
    if (!label) return;
    const g = this.context;
    let corner = { x: shape.x, y: shape.y };
    if (shape.type !== 'bbox') {
      corner = { x: Infinity, y: Infinity };
      for (const [x, y] of shape.points) corner = { x: Math.min(corner.x, x), y: Math.min(corner.y, y) };
    }
    const p = this.toScreen(corner);
    g.font = '600 12px system-ui, sans-serif';
    const width = this.nameWidth(label.name);
    const top = p.y >= 17 ? p.y - 17 : p.y;
    g.fillStyle = label.color;
    g.fillRect(p.x, top, width, 17);
    g.fillStyle = textColorOn(label.color);
    g.textBaseline = 'middle';
    g.fillText(label.name, p.x + 4, top + 9);
  }

  square(point, filled, radius = HANDLE) {
    const g = this.context;
    const p = this.toScreen(point);
    const half = radius / 2 + 1;
    g.fillStyle = filled ? '#fff' : 'rgba(255,255,255,.55)';
    g.strokeStyle = '#111';
    g.lineWidth = 1;
    g.fillRect(p.x - half, p.y - half, 2 * half, 2 * half);
    g.strokeRect(p.x - half, p.y - half, 2 * half, 2 * half);
  }

  drawHandles(shape, selectedVertex) {
    const radius = this.handleRadius(shape);
    if (shape.type === 'bbox') {
      for (const handle of boxHandles(shape)) this.square(handle, true, radius);
      return;
    }
    for (const mid of edgeMidpoints(shape.points)) this.square(mid, false, radius);
    shape.points.forEach(([x, y], i) => {
      this.square({ x, y }, true, radius);
      if (i === selectedVertex) {
        const p = this.toScreen({ x, y });
        this.context.strokeStyle = '#e5484d';
        this.context.lineWidth = 2;
        this.context.strokeRect(p.x - radius - 1, p.y - radius - 1, 2 * radius + 2, 2 * radius + 2);
      }
    });
  }

  /** The box being dragged out, or the open polygon with a rubber band to the cursor. */
  drawDraft(draft, labels) {
    const g = this.context;
    const color = labels.get(draft.labelId)?.color ?? '#888';
    g.strokeStyle = color;
    g.lineWidth = 1.5;
    g.setLineDash([6, 4]);
    if (draft.kind === 'box') {
      this.tracePath({ type: 'bbox', ...draft.box });
      g.stroke();
    } else {
      g.beginPath();
      [...draft.points, [draft.cursor.x, draft.cursor.y]].forEach(([x, y], i) => {
        const p = this.toScreen({ x, y });
        if (i === 0) g.moveTo(p.x, p.y); else g.lineTo(p.x, p.y);
      });
      g.stroke();
      for (const [x, y] of draft.points) this.square({ x, y }, true);
    }
    g.setLineDash([]);
  }
}
