// One thumbnail tile of an image grid, linking to the editor (in a status filter, if given): the
// thumbnail, the file name, its status as a coloured badge, what it holds, and who is labelling it now.

const STATUS_TEXT = { new: 'new', in_progress: 'in progress', submitted: 'submitted', accepted: 'accepted', rejected: 'rejected' };

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

/** "3 shapes · 1 tag", or "no labels yet". */
export function contentSummary(image) {
  const parts = [];
  if (image.shape_count) parts.push(plural(image.shape_count, 'shape', 'shapes'));
  if (image.tag_count) parts.push(plural(image.tag_count, 'tag', 'tags'));
  return parts.length ? parts.join(' · ') : 'no labels yet';
}

export function imageTile(image, status = '') {
  const li = document.createElement('li');
  li.className = 'tile';
  li.dataset.status = image.status;
  const link = document.createElement('a');
  link.href = `/editor.html?image=${image.id}` + (status ? `&status=${status}` : '');
  link.title = `${image.file_name} — ${image.width}×${image.height}, ${STATUS_TEXT[image.status] ?? image.status}`;
  const img = document.createElement('img');
  img.src = image.thumbnail_url;
  img.alt = image.file_name;
  img.loading = 'lazy';
  const caption = document.createElement('span');
  caption.className = 'name';
  caption.textContent = image.file_name;
  const badge = document.createElement('span');
  badge.className = `badge status-${image.status}`;
  badge.textContent = STATUS_TEXT[image.status] ?? image.status;
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = contentSummary(image) + (image.held_by ? ` · ✎ ${image.held_by}` : '');
  if (image.held_by) meta.title = `${image.held_by} is labelling this image now`;
  link.append(img, badge, caption, meta);
  li.append(link);
  return li;
}
