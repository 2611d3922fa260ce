// Pure helpers for overlap, consensus and ground truth: how their figures read, and which colour
// each person's work is drawn in.

/** "0.912", or "—" when there is nothing to measure. */
export const fixed = (value) => (value == null ? '—' : value.toFixed(3));

/** "87 %", or "—". */
export const percent = (value) => (value == null ? '—' : `${Math.round(value * 100)} %`);

/** The overlap line from the API's counts: "12 overlap images: 3 ready to merge, 8 being labelled, 1 merged." */
export function overlapSummary({ ready, collecting, merged }) {
  const total = ready + collecting + merged;
  if (!total) return 'No overlap images yet.';
  return `${total} overlap image${total === 1 ? '' : 's'}: ${ready} ready to merge, ${collecting} being labelled, ${merged} merged.`;
}

/** A percentage typed in a form (1–100) as the API's share (0.01–1); throws naming the field. */
export function shareFrom(text, field) {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 100) throw new Error(`${field} is a percentage above 0 and at most 100.`);
  return value / 100;
}

const PALETTE = ['#e5484d', '#3e63dd', '#30a46c', '#f76b15', '#8e4ec6', '#0090ff', '#d6409f', '#978365', '#12a594', '#646464'];

/** A distinct colour per person, stable for a given list of names. */
export function personColors(names) {
  return new Map([...names].sort().map((name, index) => [name, PALETTE[index % PALETTE.length]]));
}

/** Scale and offset that fit an image of `width`×`height` inside a canvas, centred. */
export function fitTransform(width, height, canvasWidth, canvasHeight) {
  const scale = Math.min(canvasWidth / width, canvasHeight / height);
  return { scale, x: (canvasWidth - width * scale) / 2, y: (canvasHeight - height * scale) / 2 };
}

/** "3 of 3 drew it". */
export const supportText = (support, people) => `${support} of ${people} drew it`;
