// Showing a message in a page's alert box: errors in red, notices in green.

/** Puts `text` in the element with id `boxId` and shows it; `kind` is 'error' or 'notice'. */
export function showMessage(boxId, text, kind = 'error') {
  const box = document.getElementById(boxId);
  box.textContent = text;
  box.className = kind;
  box.hidden = false;
}
