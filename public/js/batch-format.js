// Pure helpers for batches: the order they are listed in, how their progress reads, and the plan
// the project page's form sends.

/** The caller's own batches first (soonest due first), then the rest in creation order. */
export function sortBatches(batches) {
  const due = (batch) => batch.due_on ?? '9999-12-31';
  return [...batches].sort((a, b) => (b.mine - a.mine) || (a.mine && b.mine ? due(a).localeCompare(due(b)) : 0) || a.id - b.id);
}

/** "3 of 10 done (30 %)". */
export function progressText(batch) {
  const share = batch.total ? Math.round((batch.done / batch.total) * 100) : 100;
  return `${batch.done} of ${batch.total} done (${share} %)`;
}

/** What is left, by status: "5 new · 1 rejected", or "nothing". */
export function leftText(counts) {
  const parts = [['new', 'new'], ['in_progress', 'in progress'], ['rejected', 'rejected']]
    .filter(([key]) => counts[key]).map(([key, name]) => `${counts[key]} ${name}`);
  return parts.length ? parts.join(' · ') : 'nothing';
}

/** The caller's summary line: how many batches they have and images left, or null without any. */
export function mineSummary(batches) {
  const mine = batches.filter((batch) => batch.mine);
  if (!mine.length) return null;
  const left = mine.reduce((sum, batch) => sum + batch.total - batch.done, 0);
  const overdue = mine.filter((batch) => batch.overdue).length;
  return `You have ${mine.length} batch${mine.length === 1 ? '' : 'es'} with ${left} image${left === 1 ? '' : 's'} left`
    + (overdue ? `, ${overdue} overdue` : '') + '. “Label the next image” serves them first.';
}

/**
 * The POST body for a plan from the form's raw values (strings, as inputs give them): blank
 * fields are left out so the server's defaults apply; numbers are whole and positive.
 * Throws an Error naming the field when a value cannot be sent.
 */
export function planBody(form) {
  const body = { order: form.order, statuses: form.statuses, assignees: form.assignees };
  const text = (value) => (value ?? '').trim();
  if (text(form.name)) body.name = text(form.name);
  for (const [key, label] of [['size', 'Images per batch'], ['limit', 'At most']]) {
    if (!text(form[key])) continue;
    const number = Number(text(form[key]));
    if (!Number.isInteger(number) || number < 1) throw new Error(`${label} must be a whole number of images, 1 or more.`);
    body[key] = number;
  }
  if (!form.statuses.length) throw new Error('Tick at least one status.');
  if (text(form.fileName)) body.file_name_contains = text(form.fileName);
  if (text(form.predicted)) body.predicted_label = text(form.predicted);
  if (text(form.due)) body.due_on = text(form.due);
  return body;
}

/** What an empty queue says: nothing left, or how many images wait in other people's batches. */
export function emptyQueueText(answer) {
  const reserved = answer.reserved_for_others ?? 0;
  if (!reserved) return 'Nothing else is left to label in this project.';
  return `Nothing is left for you: the ${reserved} image${reserved === 1 ? '' : 's'} still open ${reserved === 1 ? 'is' : 'are'} in other people’s batches. Ask the data team for a batch.`;
}
