// Drawing: one view transform (image pixels → canvas pixels) and a full redraw from the model.
import { boxHandles, edgeMidpoints } from './geometry.js';
import { textColorOn } from '../color.js';

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

  /** Redraws everything: image, `shapes` (a gesture's preview included), a detector's open
   * `suggestions` ({…, likely}) with the focused one's handles, the selection's handles, others'
   * shapes in a conflict (`ghosts`) and the shape being drawn. */
  draw({ image, imageWidth, imageHeight, shapes, selected, selectedVertex, labels, draft, hover, ghosts = null,
    suggestions = [], focusedSuggestion = null, hidden = () => false, locked = () => false }) {
    const g = this.context;
    g.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    g.clearRect(0, 0, this.cssWidth, this.cssHeight);
    g.save();
    g.translate(this.offsetX, this.offsetY);
    g.scale(this.scale, this.scale);
    if (image) g.drawImage(image, 0, 0, imageWidth, imageHeight);
    g.restore();
    shapes.forEach((shape, index) => {
      if (shape.type === 'tag' || hidden(index)) return;
      const color = labels.get(shape.label_id)?.color ?? '#888';
      this.drawShape(shape, color, index === selected, index === hover, locked(index));
    });
    if (this.showNames) {
      shapes.forEach((shape, index) => { if (shape.type !== 'tag' && !hidden(index)) this.drawName(shape, labels.get(shape.label_id)); });
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

  /** A dark halo under the label's colour keeps the outline visible on any image; a locked shape is barely filled. */
  drawShape(shape, color, selected, hovered, locked = false) {
    const g = this.context;
    this.tracePath(shape);
    g.globalAlpha = locked ? 0.06 : selected ? 0.32 : hovered ? 0.25 : 0.18;
    g.fillStyle = color;
    g.fill();
    g.globalAlpha = 1;
    const width = selected ? 3 : 2;
    g.lineJoin = 'round';
    g.lineWidth = width + 4;
    g.strokeStyle = 'rgba(0, 0, 0, .6)';
    g.stroke();
    g.lineWidth = width;
    g.strokeStyle = color;
    g.stroke();
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

  /** The label's name in a tab of its colour at the shape's top-left corner. */
  drawName(shape, label) {
    if (!label) return;
    const g = this.context;
    const corner = shape.type === 'bbox' ? { x: shape.x, y: shape.y }
      : { x: Math.min(...shape.points.map((p) => p[0])), y: Math.min(...shape.points.map((p) => p[1])) };
    const p = this.toScreen(corner);
    g.font = '600 12px system-ui, sans-serif';
    const width = g.measureText(label.name).width + 8;
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
