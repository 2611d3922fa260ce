// The project page's training, review and export sections: links to training and the review queue,
// COCO downloads and import, snapshots.
import { api, currentUser } from './api.js';
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
  $('export-live').href = `/api/v1/projects/${projectId}/export/coco`;
  const list = await api(`/api/v1/projects/${projectId}/snapshots`).catch((error) => {
    showMessage('snapshot-message', error.message);
    return { snapshots: [] };
  });
  $('snapshots').replaceChildren(...list.snapshots.map(snapshotItem));
  const dataTeam = ['data', 'admin'].includes(me.user.role);
  $('snapshot-form').hidden = !dataTeam;
  $('import-section').hidden = !dataTeam;
  $('import-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = $('import-file').files[0];
    if (!file) return;
    showMessage('import-message', `Importing ${file.name}…`, 'notice');
    try {
      const result = await api(`/api/v1/projects/${projectId}/import/coco`, { method: 'POST', file });
      showMessage('import-message', `Imported ${result.shapes} shapes onto ${result.images} images; ${result.labels_created} new labels.`, 'notice');
      $('import-form').reset();
    } catch (error) {
      showMessage('import-message', `Nothing was imported. ${error.message}`);
    }
  });
  $('snapshot-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const snapshot = await api(`/api/v1/projects/${projectId}/snapshots`, { method: 'POST', body: { name: $('snapshot-name').value } });
      $('snapshots').prepend(snapshotItem(snapshot));
      $('snapshot-form').reset();
      showMessage('snapshot-message', `Snapshot “${snapshot.name}” holds ${snapshot.image_count} accepted images.`, 'notice');
    } catch (error) {
      showMessage('snapshot-message', error.message);
    }
  });
}

main();
