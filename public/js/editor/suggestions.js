// A detector's box suggestions beside the document: which are still open, which are likely (at or
// above their label's threshold), the order keys walk them in, and what a save says about them.
// Pure: the document (Model) says what was kept or turned down; nothing here changes it.
import { shapeAtPoint } from './geometry.js';

/**
 * The API's suggestion ({id, label_id, model_version_id, source, score, bbox: [x, y, w, h]}) as the editor keeps it;
 * an imported one has no version and names its `source`.
 */
export function fromApi({ id, label_id, model_version_id, source = null, score, bbox: [x, y, w, h] }) {
  return { id, label_id, model_version_id, source, score, x, y, w, h };
}

/** The suggestions neither kept nor turned down, best score first. */
export function openSuggestions(suggestions, model) {
  return suggestions.filter((s) => !model.decided(s.id)).sort((a, b) => b.score - a.score || a.id - b.id);
}

/** At or above its label's threshold (0.5 when the label has none). */
export function isLikely(suggestion, labels) {
  return suggestion.score >= (labels.get(suggestion.label_id)?.suggestion_threshold ?? 0.5);
}

/** What a save says about the suggestions: those turned down, and those still open (which reopens
 * any whose acceptance or rejection was undone after an earlier save). */
export function decisionsFor(suggestions, model) {
  return {
    rejected_suggestions: [...model.rejected],
    open_suggestions: suggestions.filter((s) => !model.decided(s.id)).map((s) => s.id),
  };
}

/** The open suggestion `step` places after `focusedId` (wrapping), or the first one. */
export function neighbour(open, focusedId, step) {
  if (!open.length) return null;
  const at = open.findIndex((s) => s.id === focusedId);
  if (at < 0) return open[step > 0 ? 0 : open.length - 1];
  return open[(at + step + open.length) % open.length];
}

/** The smallest open suggestion under the image point, or null. */
export function suggestionAt(open, point) {
  const index = shapeAtPoint(open.map((s) => ({ type: 'bbox', ...s })), point);
  return index < 0 ? null : open[index];
}
