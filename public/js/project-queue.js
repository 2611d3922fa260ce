// The project page's labelling queue: what the last scoring found (how many, with which version, how
// the scores spread), its top images with the model's guesses, the "label next" button, and for the
// data team the queue's settings and a "score now" button.
import { api, currentUser } from './api.js';
import { showMessage } from './message.js';
import { imageTile } from './gallery.js';
import { emptyQueueText } from './batch-format.js';

const $ = (id) => document.getElementById(id);
const projectId = new URLSearchParams(location.search).get('id');

function showSummary(queue) {
  if (!queue.scored) {
    $('queue-summary').textContent = 'No scores yet: the queue follows upload order until a trained model scores the open images.';
    $('queue-histogram').replaceChildren();
    $('queue-histogram-figure').hidden = true;
    return;
  }
  $('queue-summary').textContent = `${queue.scored} open images scored by model version #${queue.scored_with} `
    + `(${queue.scored_strategy.replace('_', ' ')}) on ${new Date(queue.scored_at).toLocaleString()}; `
    + `scores ${queue.min_score.toFixed(3)}–${queue.max_score.toFixed(3)}, higher is labelled sooner.`;
  const most = Math.max(...queue.histogram, 1);
  $('queue-histogram').replaceChildren(...queue.histogram.map((count) => {
    const bar = document.createElement('span');
    bar.style.height = `${Math.round((count / most) * 100)}%`;
    bar.title = `${count} images`;
    return bar;
  }));
  // Axes: image counts up the side, the score range along the bottom.
  $('queue-histogram-figure').hidden = false;
  $('histogram-y-max').textContent = String(most);
  $('histogram-x-min').textContent = queue.min_score.toFixed(3);
  $('histogram-x-max').textContent = queue.max_score.toFixed(3);
}

async function showTop() {
  const { images } = await api(`/api/v1/projects/${projectId}/queue/images?limit=24`);
  $('queue-grid').replaceChildren(...images.map((entry) => {
    const tile = imageTile(entry.image);
    tile.querySelector('.name').textContent = `#${entry.rank + 1} · ${entry.predicted_label} ${Math.round(entry.confidence * 100)}%`;
    return tile;
  }));
}

async function main() {
  if (!projectId) return;
  const me = await currentUser().catch(() => null);
  if (!me) return;
  const queue = await api(`/api/v1/projects/${projectId}/queue`);
  showSummary(queue);
  await showTop();
  $('label-next').addEventListener('click', async () => {
    const answer = await api(`/api/v1/projects/${projectId}/next`);
    if (!answer.image) return showMessage('queue-message', emptyQueueText(answer), 'notice');
    location.assign(`/editor.html?image=${answer.image.id}&queue=1`);
  });
  if (!['data', 'admin'].includes(me.user.role)) return;
  $('queue-form').hidden = false;
  $('queue-strategy').value = queue.strategy;
  $('queue-diversity').checked = queue.diversity;
  $('queue-version').value = queue.model_version_id ?? '';
  $('queue-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const version = $('queue-version').value ? Number($('queue-version').value) : null;
    try {
      await api(`/api/v1/projects/${projectId}/queue`, { method: 'PUT',
        body: { strategy: $('queue-strategy').value, diversity: $('queue-diversity').checked, model_version_id: version } });
      showMessage('queue-message', 'Saved. The next scoring uses these settings; press “Score now” to rescore at once.', 'notice');
    } catch (error) {
      showMessage('queue-message', error.message);
    }
  });
  $('score-now').addEventListener('click', async () => {
    try {
      const job = await api(`/api/v1/projects/${projectId}/jobs`, { method: 'POST', body: { kind: 'score', config: {} } });
      const link = document.createElement('a');
      link.href = `/job.html?id=${job.id}`;
      link.textContent = `scoring job #${job.id}`;
      showMessage('queue-message', 'Queued ', 'notice');
      $('queue-message').append(link, '; the queue updates when it finishes.');
    } catch (error) {
      showMessage('queue-message', error.message);
    }
  });
}

main().catch((error) => showMessage('queue-message', error.message));
