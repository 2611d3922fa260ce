// The review queue: a project's submitted images, each opening the editor in review order.
import { api, currentUser } from './api.js';
import { initTopbar } from './topbar.js';
import { showMessage } from './message.js';
import { imageTile } from './gallery.js';

const $ = (id) => document.getElementById(id);
let after = null;

async function loadPage(projectId) {
  const query = new URLSearchParams({ status: 'submitted', limit: 60 });
  if (after) query.set('after', after);
  const page = await api(`/api/v1/projects/${projectId}/images?${query}`);
  after = page.next_after ?? null;
  $('grid').append(...page.images.map((image) => imageTile(image, 'submitted')));
  $('more').hidden = !after;
  $('empty').hidden = $('grid').children.length > 0;
  $('title').textContent = `Review queue (${page.counts.submitted ?? 0})`;
}

async function main() {
  const projectId = new URLSearchParams(location.search).get('project');
  const me = await currentUser().catch((error) => { showMessage('message', error.message); return undefined; });
  if (me === null) return location.replace('/login.html?next=' + encodeURIComponent(location.pathname + location.search));
  if (!me) return;
  initTopbar(me);
  if (!projectId) return showMessage('message', 'No project chosen. Open the review queue from a project’s page.');
  $('project-link').href = `/project.html?id=${projectId}`;
  $('more').addEventListener('click', () => loadPage(projectId).catch((error) => showMessage('message', error.message)));
  await loadPage(projectId).catch((error) => showMessage('message', error.message));
}

main();
