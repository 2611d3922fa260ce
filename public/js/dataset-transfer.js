// What the project page's export and import controls say and ask for: the download URL for the
// chosen format and options, what each format keeps, and an import report in words. Pure.

export const EXPORT_FORMATS = [
  { id: 'coco', name: 'COCO JSON', zip: false, keeps: 'Boxes, polygons and tags (as an extra "tags" list on each image). One JSON file; no image files.' },
  { id: 'yolo', name: 'YOLO (Ultralytics)', zip: true, keeps: 'Boxes (detect) or polygons (segment), with data.yaml and train/val folders. Tags are left out.' },
  { id: 'voc', name: 'Pascal VOC', zip: true, keeps: 'Boxes (a polygon becomes its bounding box) and tags (ImageSets). One XML per image.' },
  { id: 'cvat', name: 'CVAT for images 1.1', zip: true, keeps: 'Boxes, polygons and tags, in one annotations.xml.' },
  { id: 'label-studio', name: 'Label Studio JSON', zip: true, keeps: 'Boxes, polygons and tags as tasks, with the labelling config to paste into Label Studio.' },
];

export const IMPORT_FORMATS = [
  { id: 'coco', name: 'COCO JSON', accept: '.json,.zip' },
  { id: 'yolo', name: 'YOLO (zip)', accept: '.zip' },
  { id: 'voc', name: 'Pascal VOC', accept: '.zip,.xml' },
  { id: 'cvat', name: 'CVAT for images 1.1', accept: '.zip,.xml' },
  { id: 'label-studio', name: 'Label Studio JSON', accept: '.zip,.json' },
  { id: 'via', name: 'VIA 2 (JSON or CSV)', accept: '.zip,.json,.csv' },
];

/**
 * The export's URL. `choices`: format, snapshot ('' for live), statuses (array, empty for all),
 * images ('original' | 'none'), task ('detect' | 'segment'), valFraction (number).
 */
export function exportURL(projectId, choices) {
  const format = EXPORT_FORMATS.find((f) => f.id === choices.format) ?? EXPORT_FORMATS[0];
  const query = new URLSearchParams();
  if (choices.snapshot) query.set('snapshot', choices.snapshot);
  else if (choices.statuses?.length) query.set('status', choices.statuses.join(','));
  if (format.zip) {
    if (choices.images === 'none') query.set('images', 'none');
    if (format.id === 'yolo' && choices.task === 'segment') query.set('task', 'segment');
    if (choices.valFraction !== undefined && Number(choices.valFraction) !== 0.2) query.set('val_fraction', String(choices.valFraction));
  }
  const text = query.toString();
  return `/api/v1/projects/${projectId}/export/${format.id}${text ? `?${text}` : ''}`;
}

const plural = (count, one, many = `${one}s`) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

/** One line for an import report: what was (or, on a dry run, would be) done. */
export function importSummary(report) {
  const matched = report.images - report.images_created;
  const verb = report.dry_run ? 'Would import' : 'Imported';
  let line = `${verb} ${plural(report.shapes, 'shape')} onto ${plural(report.images, 'image')}`;
  line += ` (${report.images_created.toLocaleString('en')} new, ${matched.toLocaleString('en')} already here)`;
  if (report.suggestions) line += `, ${plural(report.suggestions, 'suggested box', 'suggested boxes')}`;
  line += report.new_labels.length
    ? `; ${report.dry_run ? 'would create' : 'created'} ${plural(report.new_labels.length, 'label')}: ${report.new_labels.join(', ')}.`
    : '; no new labels.';
  if (report.skipped.length) line += ` ${plural(report.skipped.length, 'item')} skipped (Loupe cannot hold them).`;
  return line;
}

/** Rows for the report's table: at most `limit` files, then how many more. */
export function reportRows(report, limit = 200) {
  const rows = report.files.slice(0, limit).map((file) => ({
    path: file.path,
    what: `${file.action === 'create' ? 'new image' : 'matches'} ${file.file_name}`,
    shapes: file.shapes,
  }));
  const skipped = report.skipped.slice(0, limit).map((item) => ({ path: item.path, what: `skipped: ${item.message}`, shapes: 0 }));
  const more = Math.max(0, report.files.length - limit) + Math.max(0, report.skipped.length - limit);
  return { rows: [...rows, ...skipped], more };
}
