// The project page's training, review and export sections: links to training and the review queue,
// downloads in every format, snapshots. (Imports: project-import.js.)
import { api, currentUser } from './api.js';
import { EXPORT_FORMATS, exportURL } from './dataset-transfer.js';
import { showMessage } from './message.js';

const $ = (id) => document.getElementById(id);

function snapshotItem(snapshot) {
  const li = document.createElement('li');
  const link = document.createElement('a');
  link.href = snapshot.export_url;
  link.download = '';
  link.textContent = snapshot.name;
  const detail = document.createElement('span');
  detail.className = 'muted';
  detail.textContent = ` — ${snapshot.image_count} images, ${snapshot.shape_count} shapes, ${new Date(snapshot.created_at).toLocaleString()}`;
  li.append(link, detail);
  return li;
}

/** The export form: the Download link follows the choices; options a format has no use for are hidden. */
function setUpExport(projectId, snapshots) {
  $('export-format').replaceChildren(...EXPORT_FORMATS.map((format) => new Option(format.name, format.id)));
  for (const snapshot of snapshots) $('export-source').append(new Option(`snapshot “${snapshot.name}”`, snapshot.name));
  const update = () => {
    const format = EXPORT_FORMATS.find((f) => f.id === $('export-format').value);
    const snapshot = $('export-source').value;
    $('export-status-field').hidden = Boolean(snapshot);  // a snapshot holds accepted images only
    for (const id of ['export-images-field', 'export-split-field']) $(id).hidden = !format.zip;
    $('export-task-field').hidden = format.id !== 'yolo';
    $('export-keeps').textContent = format.keeps;
    $('export-live').href = exportURL(projectId, {
      format: format.id, snapshot, statuses: $('export-status').value ? $('export-status').value.split(',') : [],
      images: $('export-images').value, task: $('export-task').value, valFraction: $('export-val').value,
    });
    $('export-live').textContent = `Download ${format.name}`;
  };
  $('export-form').addEventListener('input', update);
  $('export-form').addEventListener('submit', (event) => event.preventDefault());
  update();
}

async function main() {
  const projectId = new URLSearchParams(location.search).get('id');
  if (!projectId) return;
  const me = await currentUser().catch(() => null);
  if (!me) return;
  $('review-queue').href = `/review.html?project=${projectId}`;
  $('training-link').href = `/jobs.html?project=${projectId}`;
  $('propose-link').href = `/jobs.html?project=${projectId}#predict-job`;
  $('propose-line').hidden = !['data', 'admin'].includes(me.user.role);  // only the data team starts jobs
  $('dashboard-link').href = `/dashboard.html?project=${projectId}`;
  const list = await api(`/api/v1/projects/${projectId}/snapshots`).catch((error) => {
    showMessage('snapshot-message', error.message);
    return { snapshots: [] };
  });
  $('snapshots').replaceChildren(...list.snapshots.map(snapshotItem));
  setUpExport(projectId, list.snapshots);
  const dataTeam = ['data', 'admin'].includes(me.user.role);
  $('snapshot-form').hidden = !dataTeam;
  $('snapshot-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const snapshot = await api(`/api/v1/projects/${projectId}/snapshots`, { method: 'POST', body: { name: $('snapshot-name').value } });
      $('snapshots').prepend(snapshotItem(snapshot));
      $('export-source').append(new Option(`snapshot “${snapshot.name}”`, snapshot.name));
      $('snapshot-form').reset();
      showMessage('snapshot-message', `Snapshot “${snapshot.name}” holds ${snapshot.image_count} accepted images.`, 'notice');
    } catch (error) {
      showMessage('snapshot-message', error.message);
    }
  });
}

main();
