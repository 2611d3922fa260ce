// Pure helpers for the project page's label list: moving a label, and the hotkeys still free.

/** A copy of `ids` with the one at `index` moved by `step` (−1 up, +1 down); unchanged at the ends. */
export function moved(ids, index, step) {
  const target = index + step;
  if (index < 0 || index >= ids.length || target < 0 || target >= ids.length) return [...ids];
  const result = [...ids];
  [result[index], result[target]] = [result[target], result[index]];
  return result;
}

/** The hotkeys 1–9 no label has (as strings), lowest first; `except` keeps one label's own key available. */
export function freeHotkeys(labels, except = null) {
  const taken = new Set(labels.filter((label) => label.id !== except && label.hotkey).map((label) => label.hotkey));
  return ['1', '2', '3', '4', '5', '6', '7', '8', '9'].filter((key) => !taken.has(key));
}
