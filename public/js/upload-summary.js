// The line under an upload batch: how many files were added, were already there, or failed.

/** `counts` = {added, duplicate, failed, waiting}; "3 added · 1 already in this project · 2 failed". */
export function uploadSummary({ added = 0, duplicate = 0, failed = 0, waiting = 0 }) {
  const parts = [];
  if (added) parts.push(`${added} added`);
  if (duplicate) parts.push(`${duplicate} already in this project`);
  if (failed) parts.push(`${failed} failed`);
  if (waiting) parts.push(`${waiting} to go`);
  return parts.join(' · ') || 'Nothing uploaded.';
}
