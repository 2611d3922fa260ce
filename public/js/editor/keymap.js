// The one table of keys: it drives the keyboard handler and the help overlay alike.
// `keys` is what the help shows; `match` decides; `run(editor, event)` acts; entries without
// `run` are pointer gestures listed for help only.

const plain = (event) => !event.ctrlKey && !event.metaKey && !event.altKey;
const ctrl = (event) => event.ctrlKey || event.metaKey;
const key = (name) => (event) => plain(event) && event.key.toLowerCase() === name;
// Tab walks suggestions only from the canvas (or nowhere in particular): on a button it still moves the focus.
const onCanvas = (event) => !event.target?.closest || event.target === document.body || event.target.id === 'canvas';

export const KEYMAP = [
  { keys: 'V', help: 'Select tool: click a shape to select it, drag to move it', match: key('v'), run: (e) => e.setTool('select') },
  { keys: 'B', help: 'Box tool: drag to draw a box', match: key('b'), run: (e) => e.setTool('box') },
  { keys: 'P', help: 'Polygon tool: click to add points', match: key('p'), run: (e) => e.setTool('polygon') },
  { keys: 'S', help: 'Smart polygon: drag a box around an object (or click on it); click to add to the proposal, Shift+click to take away; Enter keeps it',
    match: key('s'), run: (e) => e.setTool('smart') },
  // Shift first: `key` does not look at Shift.
  { keys: 'Shift+Enter', help: 'Accept every suggestion at or above its label’s threshold',
    match: (event) => event.shiftKey && key('enter')(event), run: (e) => e.acceptLikely() },
  { keys: 'Enter', help: 'Keep a smart polygon’s proposal, close the polygon being drawn (or double-click), or accept the focused suggestion',
    match: key('enter'), run: (e) => e.enter() },
  { keys: 'Shift+Tab', help: 'Focus the previous suggestion', match: (event) => event.shiftKey && key('tab')(event) && onCanvas(event), run: (e) => e.stepSuggestion(-1) },
  { keys: 'Tab', help: 'Focus the next suggestion (a detector’s dashed boxes, best score first)', match: (event) => key('tab')(event) && onCanvas(event), run: (e) => e.stepSuggestion(1) },
  { keys: 'Shift+X', help: 'Reject every open suggestion', match: (event) => event.shiftKey && key('x')(event), run: (e) => e.rejectAll() },
  { keys: 'X', help: 'Reject the focused suggestion', match: key('x'), run: (e) => e.rejectFocused() },
  { keys: 'Esc', help: 'Drop a smart polygon’s proposal, cancel the shape being drawn, or clear the selection', match: key('escape'), run: (e) => e.escape() },
  { keys: 'Backspace', help: 'Remove the last point of the polygon being drawn', match: key('backspace'),
    run: (e) => e.interaction.removeLastPoint() || e.deleteSelection() },
  { keys: 'Delete', help: 'Delete the selected vertex, or else the selected shape', match: key('delete'), run: (e) => e.deleteSelection() },
  // Shift first: `key` does not look at Shift.
  { keys: 'Shift+H', help: 'Show every hidden shape again', match: (event) => event.shiftKey && key('h')(event), run: (e) => e.showAllShapes() },
  { keys: 'H', help: 'Hide the selected shape (only for you; it stays saved)', match: key('h'), run: (e) => e.toggleHiddenSelection() },
  { keys: 'K', help: 'Lock or unlock the selected shape: no moves or edits, clicks go through it', match: key('k'), run: (e) => e.toggleLockedSelection() },
  { keys: 'End', help: 'Bring the selected shape to the front', match: key('end'), run: (e) => e.restack(true) },
  { keys: 'Home', help: 'Send the selected shape to the back', match: key('home'), run: (e) => e.restack(false) },
  // Shift+digit first: with Shift held some layouts still report the digit as the key.
  { keys: 'Shift+1 – 9', help: 'Give the selected shape the label with that hotkey',
    match: (event) => event.shiftKey && !ctrl(event) && !event.altKey && /^Digit[1-9]$/.test(event.code ?? ''),
    run: (e, event) => e.relabelSelection(event.code.slice(-1)) },
  { keys: '1 – 9', help: 'Choose the label for the next shapes you draw (the badge beside each label); a selected shape keeps its label',
    match: (event) => plain(event) && !event.shiftKey && /^[1-9]$/.test(event.key), run: (e, event) => e.chooseHotkey(event.key) },
  { keys: 'T', help: 'Toggle the current label as a tag of the whole image', match: key('t'), run: (e) => e.toggleCurrentTag() },
  { keys: 'Q, W, E', help: 'Flip the selected shape’s first three yes/no attributes (the badges in the sidebar)',
    match: (event) => plain(event) && !event.shiftKey && /^[qwe]$/i.test(event.key), run: (e, event) => e.toggleAttributeKey(event.key.toUpperCase()) },
  { keys: 'Ctrl+Z', help: 'Undo', match: (event) => ctrl(event) && !event.shiftKey && event.key.toLowerCase() === 'z', run: (e) => e.undo() },
  { keys: 'Ctrl+Shift+Z', help: 'Redo (also Ctrl+Y)',
    match: (event) => ctrl(event) && ((event.shiftKey && event.key.toLowerCase() === 'z') || event.key.toLowerCase() === 'y'), run: (e) => e.redo() },
  { keys: 'Ctrl+S', help: 'Save now (edits also save themselves a moment after each change)',
    match: (event) => ctrl(event) && event.key.toLowerCase() === 's', run: (e) => e.saveNow() },
  { keys: 'Ctrl+C', help: 'Copy the selected shape (or every shape, when none is selected)',
    match: (event) => ctrl(event) && !event.shiftKey && event.key.toLowerCase() === 'c', run: (e) => e.copyShapes() },
  { keys: 'Ctrl+V', help: 'Paste what was copied, clamped to this image (one undo step)',
    match: (event) => ctrl(event) && !event.shiftKey && event.key.toLowerCase() === 'v', run: (e) => e.pasteShapes() },
  { keys: 'R', help: 'Repeat every shape of the image you had open before this one', match: key('r'), run: (e) => e.repeatPrevious() },
  { keys: 'Ctrl+B', help: 'Propagate the selected shape (or every shape) to the next images (how many: under the shape in the list)',
    match: (event) => ctrl(event) && !event.shiftKey && event.key.toLowerCase() === 'b', run: (e) => e.propagate(e.sidebar.propagateCount ?? 5) },
  { keys: 'F', help: 'Fit the image to the window', match: key('f'), run: (e) => e.fit() },
  { keys: 'L', help: 'Show or hide label names on the shapes', match: key('l'), run: (e) => e.toggleNames() },
  { keys: '[ ]', help: 'Darker or brighter (the Adjust panel; kept for you in this project)',
    match: (event) => !ctrl(event) && !event.altKey && (event.key === '[' || event.key === ']'),
    run: (e, event) => e.adjust.step('brightness', event.key === ']' ? 10 : -10) },
  { keys: '{ }', help: 'Less or more contrast',
    match: (event) => !ctrl(event) && !event.altKey && (event.key === '{' || event.key === '}'),
    run: (e, event) => e.adjust.step('contrast', event.key === '}' ? 10 : -10) },
  { keys: 'I', help: 'Invert the image’s colours on screen', match: key('i'), run: (e) => e.adjust.toggleInvert() },
  { keys: '0', help: 'Reset brightness, contrast, gamma and invert', match: (event) => plain(event) && event.key === '0', run: (e) => e.adjust.reset() },
  { keys: 'D', help: 'Next image', match: key('d'), run: (e) => e.go('next') },
  { keys: 'A', help: 'Previous image', match: key('a'), run: (e) => e.go('previous') },
  { keys: 'N', help: 'Next image to label, as the project’s queue ranks them', match: key('n'), run: (e) => e.queue.next() },
  { keys: 'Y', help: 'Accept the model’s suggested tag', match: key('y'), run: (e) => e.queue.accept() },
  { keys: 'C', help: 'Write a comment (about the selected shape, if one is selected); Ctrl+Enter sends it', match: key('c'),
    run: (e) => e.comments?.focus() },
  { keys: 'Ctrl+Enter', help: 'Submit this image for review', match: (event) => ctrl(event) && event.key === 'Enter', run: (e) => e.submit() },
  { keys: '?', help: 'Show or hide this help', match: (event) => event.key === '?', run: (e) => e.toggleHelp() },
  { keys: 'Wheel', help: 'Zoom at the cursor' },
  { keys: 'Space + drag', help: 'Pan (or drag with the middle button)' },
  { keys: 'Drag a corner', help: 'Resize the selected box, or the focused suggestion (which accepts it)' },
  { keys: 'Drag a suggestion', help: 'Move it, which accepts it as edited' },
  { keys: 'Drag a vertex', help: 'Move a point of the selected polygon; Alt+click deletes it' },
  { keys: 'Drag an edge’s middle', help: 'Insert a point into the selected polygon' },
];

/** The entry for a key press, if any. */
export function lookup(event) {
  return KEYMAP.find((entry) => entry.run && entry.match(event)) ?? null;
}

/** Fills a <dl> with the table, for the help overlay. */
export function renderHelp(list) {
  list.replaceChildren(...KEYMAP.flatMap(({ keys, help }) => {
    const term = document.createElement('dt');
    term.append(...keys.split(/(\+| – )/).map((part) => {
      if (part === '+' || part === ' – ') return document.createTextNode(part);
      const kbd = document.createElement('kbd');
      kbd.textContent = part;
      return kbd;
    }));
    const description = document.createElement('dd');
    description.textContent = help;
    return [term, description];
  }));
}
