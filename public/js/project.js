// A project's page: its images as a thumbnail grid (status filter, counts, keyset paging) and,
// for those who may add images, an upload list with a progress bar and a result per file.
import { api, currentUser, uploadImage } from './api.js';
import { initTopbar } from './topbar.js';
import { initSettings } from './project-settings.js';
import { LabelManager } from './project-labels.js';
import { showMessage } from './message.js';
import { imageTile } from './gallery.js';
import { uploadSummary } from './upload-summary.js';

const STATUSES = ['new', 'in_progress', 'submitted', 'accepted', 'rejected'];
const LABELS = { '': 'All', new: 'New', in_progress: 'In progress', submitted: 'Submitted', accepted: 'Accepted', rejected: 'Rejected' };
const PAGE = 60;

const state = { projectId: null, status: '', after: null, counts: {} };
const $ = (id) => document.getElementById(id);

const show = (text, kind) => showMessage('message', text, kind);

function renderFilters() {
  const nav = $('filters');
  nav.replaceChildren();
  const total = Object.values(state.counts).reduce((a, b) => a + b, 0);
  for (const status of ['', ...STATUSES]) {
    const button = document.createElement('button');
    button.className = 'link' + (status === state.status ? ' current' : '');
    button.textContent = `${LABELS[status]} (${status ? state.counts[status] ?? 0 : total})`;
    button.addEventListener('click', () => { state.status = status; reload(); });
    nav.append(button);
  }
}

async function loadPage() {
  const query = new URLSearchParams({ limit: PAGE });
  if (state.status) query.set('status', state.status);
  if (state.after) query.set('after', state.after);
  const page = await api(`/api/v1/projects/${state.projectId}/images?${query}`);
  state.counts = page.counts;
  const submitted = page.counts.submitted ?? 0;
  $('nav-review').textContent = submitted ? `Review queue (${submitted})` : 'Review queue';
  state.after = page.next_after ?? null;
  $('grid').append(...page.images.map((image) => imageTile(image, state.status)));
  $('more').hidden = !state.after;
  $('empty').hidden = $('grid').children.length > 0;
  renderFilters();
}

async function reload() {
  state.after = null;
  $('grid').replaceChildren();
  try { await loadPage(); } catch (error) { show(error.message); }
}

function uploadRow(file) {
  const li = document.createElement('li');
  const name = document.createElement('span');
  name.textContent = file.name;
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = 0;
  const result = document.createElement('span');
  result.className = 'result';
  result.textContent = 'waiting';
  li.append(name, bar, result);
  return { li, bar, result };
}

/** Uploads the chosen files one after another, each with its own progress bar and result, and a
 * summary line for the batch. */
async function uploadAll(files) {
  const list = $('upload-list');
  const rows = files.map((file) => ({ file, ...uploadRow(file) }));
  list.prepend(...rows.map((row) => row.li));
  const counts = { added: 0, duplicate: 0, failed: 0, waiting: rows.length };
  const summarise = () => { $('upload-summary').textContent = uploadSummary(counts); $('upload-summary').hidden = false; };
  summarise();
  for (const row of rows) {
    row.result.textContent = 'uploading…';
    try {
      const answer = await uploadImage(state.projectId, row.file, (fraction) => { row.bar.value = fraction; });
      row.bar.value = 1;
      row.result.textContent = answer.duplicate ? 'already in this project' : 'added';
      row.li.className = answer.duplicate ? 'duplicate' : 'done';
      counts[answer.duplicate ? 'duplicate' : 'added'] += 1;
    } catch (error) {
      row.result.textContent = error.message;
      row.li.className = 'failed';
      row.bar.value = 0;  // a failed file shows no finished bar
      counts.failed += 1;
    }
    counts.waiting -= 1;
    summarise();
  }
  if (counts.added) await reload();
}

/** Files dropped anywhere on the page go up like chosen ones; only JPEG and PNG are offered to the server. */
function acceptDrops() {
  const zone = $('upload');
  const images = (event) => [...(event.dataTransfer?.files ?? [])];
  document.addEventListener('dragover', (event) => {
    if (zone.hidden || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    zone.classList.add('dropping');
  });
  document.addEventListener('dragleave', (event) => { if (!event.relatedTarget) zone.classList.remove('dropping'); });
  document.addEventListener('drop', (event) => {
    if (zone.hidden) return;
    event.preventDefault();
    zone.classList.remove('dropping');
    const files = images(event);
    if (files.length) uploadAll(files);
  });
}

async function main() {
  state.projectId = new URLSearchParams(location.search).get('id');
  let me;
  try {
    me = await currentUser();
  } catch (error) {
    return show(error.message);
  }
  if (!me) return location.replace('/login.html?next=' + encodeURIComponent(location.pathname + location.search));
  initTopbar(me);
  if (!state.projectId) return show('No project chosen. Pick one on the start page.');
  let project;
  try {
    project = await api(`/api/v1/projects/${state.projectId}`);
  } catch (error) {
    return show(error.status === 404 ? 'This project does not exist, or you are not a member of it.' : error.message);
  }
  const manager = ['data', 'admin'].includes(me.user.role);
  const showProject = (current) => {
    document.title = `${current.name} · Loupe`;
    $('title').textContent = current.name + (current.archived ? ' (archived)' : '');
    $('description').textContent = current.description;
    // The server decides; the form is shown to those whose upload it would accept.
    $('upload').hidden = !manager || current.archived;
  };
  showProject(project);
  const id = encodeURIComponent(state.projectId);
  Object.assign($('nav-review'), { href: `/review.html?project=${id}`, hidden: !project.can_review });
  $('nav-dashboard').href = `/dashboard.html?project=${id}`;
  $('nav-training').href = `/jobs.html?project=${id}`;
  $('nav-labels').hidden = !manager;
  $('nav-settings').hidden = !manager;
  if (manager) {
    initSettings(project, showProject).catch((error) => show(error.message));
    new LabelManager(project.id).start().catch((error) => show(error.message));
  }
  // Without JavaScript the form posts all files as one multipart batch; with it, files go one by one
  // so each gets a progress bar.
  $('upload-form').action = `/api/v1/projects/${state.projectId}/images`;
  $('upload_csrf').value = me.csrf_token ?? '';
  $('upload-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const files = [...$('files').files];
    $('upload-form').reset();
    if (files.length) uploadAll(files);
  });
  acceptDrops();
  $('more').addEventListener('click', () => loadPage().catch((error) => show(error.message)));
  document.addEventListener('loupe:images-changed', () => reload().catch((error) => show(error.message)));  // an import added some
  await reload();
}

main();
