// One thumbnail tile of an image grid, linking to the editor (in a status filter, if given).

export function imageTile(image, status = '') {
  const li = document.createElement('li');
  const link = document.createElement('a');
  link.href = `/editor.html?image=${image.id}` + (status ? `&status=${status}` : '');
  link.title = `${image.file_name} — ${image.width}×${image.height}, ${image.status.replace('_', ' ')}`;
  const img = document.createElement('img');
  img.src = image.thumbnail_url;
  img.alt = image.file_name;
  img.loading = 'lazy';
  const caption = document.createElement('span');
  caption.textContent = image.file_name;
  link.append(img, caption);
  li.append(link);
  return li;
}
