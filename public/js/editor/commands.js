// The edits the editor can make, as plain commands, and how each applies to a set of shapes (and to
// the detector suggestions turned down, which undo covers like any edit). Tools,
// keys and the sidebar only ever produce commands; the model applies them and records undo
// (CVAT's canvas model and Excalidraw's action table are the models). Pure: no DOM, no state.

const round = (value) => Math.round(value * 100) / 100;

export const Command = Object.freeze({
  /** A new box or polygon (selected afterwards), or a tag. */
  add: (shape) => ({ kind: 'add', shape }),
  /** Several shapes at once (a paste): one undo step; the last box or polygon is selected afterwards. */
  addMany: (shapes) => ({ kind: 'add-many', shapes }),
  /** Shifts shape `index` by (dx, dy) image pixels. */
  move: (index, dx, dy) => ({ kind: 'move', index, dx, dy }),
  /** Gives box `index` a new extent. */
  resize: (index, box) => ({ kind: 'resize', index, box }),
  /** Puts vertex `vertex` of polygon `index` at `point` ([x, y]). */
  moveVertex: (index, vertex, point) => ({ kind: 'move-vertex', index, vertex, point }),
  /** Inserts `point` into polygon `index` before vertex `at`. */
  insertVertex: (index, at, point) => ({ kind: 'insert-vertex', index, at, point }),
  deleteVertex: (index, vertex) => ({ kind: 'delete-vertex', index, vertex }),
  delete: (index) => ({ kind: 'delete', index }),
  /** Gives shape `index` another label; `attributes`, when given, are the values that still fit the new label's. */
  relabel: (index, labelId, attributes) => ({ kind: 'relabel', index, labelId, attributes }),
  /** Replaces shape `index`'s attribute values ({name: value}; {} clears them). */
  setAttributes: (index, values) => ({ kind: 'set-attributes', index, values }),
  /** Tags the whole image with `labelId` if it is not yet; `extra` fields ride along to the server. */
  addTag: (labelId, extra = {}) => ({ kind: 'add-tag', labelId, extra }),
  toggleTag: (labelId) => ({ kind: 'toggle-tag', labelId }),
  /** Moves shape `index` to position `to` in the drawing order: the end is drawn on top (front), 0 at the back. */
  reorder: (index, to) => ({ kind: 'reorder', index, to }),
  /** Replaces every shape (a merge with someone else's save). */
  replaceAll: (shapes) => ({ kind: 'replace-all', shapes }),
  /** Keeps detector suggestions ({id, label_id, x, y, w, h}) as boxes that remember them. */
  acceptSuggestions: (suggestions) => ({ kind: 'accept-suggestions', suggestions }),
  /** Turns down the suggestions with these ids. */
  rejectSuggestions: (ids) => ({ kind: 'reject-suggestions', ids }),
});

const clone = (value) => JSON.parse(JSON.stringify(value));

/**
 * Applies `command` to `shapes` (and `rejected`, the ids of the suggestions turned down) without
 * changing them. Returns the new shapes, the rejections when they changed, the selection
 * afterwards ({shapes, rejected, selected, selectedVertex}; `selected` undefined means "keep it"),
 * and `order` when shapes left or moved (for each new index the old one, -1 for a new shape; absent:
 * every shape kept its index), or null when the command changes nothing (a no-op is never recorded
 * for undo).
 */
export function applyCommand(shapes, command, rejected = []) {
  const next = clone(shapes);
  const target = next[command.index];
  switch (command.kind) {
    case 'accept-suggestions': {
      const taken = new Set(next.map((s) => s.suggestion_id).filter((id) => id !== undefined));
      const fresh = command.suggestions.filter((s) => !taken.has(s.id));
      if (!fresh.length) return null;
      for (const { id, label_id, x, y, w, h } of fresh) next.push({ type: 'bbox', label_id, x, y, w, h, suggestion_id: id });
      const accepted = new Set(fresh.map((s) => s.id));
      return { shapes: next, rejected: rejected.filter((id) => !accepted.has(id)), selected: next.length - 1, selectedVertex: -1 };
    }
    case 'reject-suggestions': {
      const fresh = command.ids.filter((id) => !rejected.includes(id));
      if (!fresh.length) return null;
      return { shapes: next, rejected: [...rejected, ...fresh] };
    }
    case 'add-many': {
      if (!command.shapes.length) return null;
      next.push(...clone(command.shapes));
      const last = next.findLastIndex((s) => s.type !== 'tag');
      return { shapes: next, selected: last >= shapes.length ? last : undefined, selectedVertex: -1 };
    }
    case 'add':
      next.push(clone(command.shape));
      return { shapes: next, selected: command.shape.type === 'tag' ? undefined : next.length - 1, selectedVertex: -1 };
    case 'move': {
      if (!target || target.type === 'tag' || (command.dx === 0 && command.dy === 0)) return null;
      if (target.type === 'bbox') {
        target.x = round(target.x + command.dx);
        target.y = round(target.y + command.dy);
      } else {
        target.points = target.points.map(([x, y]) => [round(x + command.dx), round(y + command.dy)]);
      }
      return { shapes: next };
    }
    case 'resize': {
      if (target?.type !== 'bbox') return null;
      const { x, y, w, h } = command.box;
      if (w < 1 || h < 1 || (x === target.x && y === target.y && w === target.w && h === target.h)) return null;
      Object.assign(target, { x, y, w: round(w), h: round(h) });
      return { shapes: next };
    }
    case 'move-vertex': {
      const old = target?.type === 'polygon' ? target.points[command.vertex] : null;
      if (!old || (old[0] === command.point[0] && old[1] === command.point[1])) return null;
      target.points[command.vertex] = [...command.point];
      return { shapes: next, selectedVertex: command.vertex };
    }
    case 'insert-vertex':
      if (target?.type !== 'polygon' || command.at < 0 || command.at > target.points.length) return null;
      target.points.splice(command.at, 0, [...command.point]);
      return { shapes: next, selectedVertex: command.at };
    case 'delete-vertex':
      if (target?.type !== 'polygon' || target.points.length <= 3 || !target.points[command.vertex]) return null;
      target.points.splice(command.vertex, 1);
      return { shapes: next, selectedVertex: -1 };
    case 'delete': {
      if (!target) return null;
      next.splice(command.index, 1);
      // Deleting a box kept from a suggestion says the suggestion was wrong after all.
      const turnedDown = target.suggestion_id === undefined ? {} : { rejected: [...rejected, target.suggestion_id] };
      return { shapes: next, selected: -1, selectedVertex: -1, order: without(shapes.length, command.index), ...turnedDown };
    }
    case 'reorder': {
      const to = Math.max(0, Math.min(next.length - 1, command.to));
      if (!target || target.type === 'tag' || to === command.index) return null;
      const order = shapes.map((_, i) => i);
      next.splice(command.index, 1);
      next.splice(to, 0, target);
      order.splice(command.index, 1);
      order.splice(to, 0, command.index);
      return { shapes: next, selected: to, order };
    }
    case 'relabel':
      if (!target || target.label_id === command.labelId) return null;
      target.label_id = command.labelId;
      if (command.attributes !== undefined) setAttributes(target, command.attributes);
      return { shapes: next };
    case 'set-attributes':
      if (!target || JSON.stringify(target.attributes ?? {}) === JSON.stringify(command.values)) return null;
      setAttributes(target, command.values);
      return { shapes: next };
    case 'add-tag':
      if (next.some((s) => s.type === 'tag' && s.label_id === command.labelId)) return null;
      next.push({ type: 'tag', label_id: command.labelId, ...command.extra });
      return { shapes: next };
    case 'toggle-tag': {
      const index = next.findIndex((s) => s.type === 'tag' && s.label_id === command.labelId);
      if (index >= 0) next.splice(index, 1); else next.push({ type: 'tag', label_id: command.labelId });
      return { shapes: next, removedIndex: index, ...(index >= 0 ? { order: without(shapes.length, index) } : {}) };
    }
    case 'replace-all':
      if (JSON.stringify(command.shapes) === JSON.stringify(shapes)) return null;
      return { shapes: clone(command.shapes), selected: -1, selectedVertex: -1, order: command.shapes.map(() => -1) };
    default:
      throw new Error(`unknown command ${command.kind}`);
  }
}

/** The old indices 0…length−1 but `removed`, in order: each shape's old index after one left. */
function without(length, removed) {
  return Array.from({ length }, (_, i) => i).filter((i) => i !== removed);
}

/** A shape without attribute values has no `attributes` field, as the API sends it. */
function setAttributes(shape, values) {
  if (Object.keys(values).length) shape.attributes = clone(values);
  else delete shape.attributes;
}

/** Delete, for the current selection: its selected vertex while the polygon keeps three, else the shape. */
export function deletionFor(shapes, selected, selectedVertex) {
  const shape = shapes[selected];
  if (!shape) return null;
  if (shape.type === 'polygon' && selectedVertex >= 0 && shape.points.length > 3) return Command.deleteVertex(selected, selectedVertex);
  return Command.delete(selected);
}
