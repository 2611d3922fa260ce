// Shapes carried from one image to another (Ctrl+C / Ctrl+V, R for the previous image's shapes): clamped
// to the new image, what falls outside it dropped, tags not doubled, and a box's tie to a detector's
// suggestion left behind (it was that image's suggestion). Pure: no DOM.

const round = (value) => Math.round(value * 100) / 100;
const clamp = (value, high) => Math.min(Math.max(value, 0), high);

/** `shape` clamped to a `width` × `height` image, or null when nothing of it is left there. */
export function clampedTo(shape, width, height) {
  const { suggestion_id: _suggestion, edited: _edited, suggested_by_version_id: _version, ...rest } = shape;
  if (shape.type === 'tag') return { ...rest };
  if (shape.type === 'bbox') {
    const left = clamp(shape.x, width), top = clamp(shape.y, height);
    const right = clamp(shape.x + shape.w, width), bottom = clamp(shape.y + shape.h, height);
    if (right - left < 1 || bottom - top < 1) return null;
    return { ...rest, x: round(left), y: round(top), w: round(right - left), h: round(bottom - top) };
  }
  const points = shape.points.map(([x, y]) => [round(clamp(x, width)), round(clamp(y, height))]);
  return polygonArea(points) > 0 ? { ...rest, points } : null;
}

function polygonArea(points) {
  let twice = 0;
  points.forEach(([x, y], i) => {
    const [nx, ny] = points[(i + 1) % points.length];
    twice += x * ny - nx * y;
  });
  return Math.abs(twice) / 2;
}

/** What pasting `copied` onto an image of `width` × `height` holding `existing` adds: each shape
 * clamped (those with nothing left dropped), tags the image has already left out; and how many were
 * dropped, for the message. */
export function pasted(copied, existing, width, height) {
  const tagged = new Set(existing.filter((s) => s.type === 'tag').map((s) => s.label_id));
  const shapes = [];
  let dropped = 0;
  for (const shape of copied) {
    if (shape.type === 'tag' && tagged.has(shape.label_id)) continue;
    const fitted = clampedTo(shape, width, height);
    if (!fitted) dropped += 1;
    else {
      shapes.push(fitted);
      if (fitted.type === 'tag') tagged.add(fitted.label_id);
    }
  }
  return { shapes, dropped };
}

/** What Ctrl+C takes: the selected shape, or every shape when none is selected. */
export function copiedFrom(shapes, selected) {
  const chosen = selected >= 0 && shapes[selected] ? [shapes[selected]] : shapes;
  return JSON.parse(JSON.stringify(chosen));
}
