// The training page of a project: start a job (data team), propose boxes with a detector trained
// here, watch the list refresh while jobs run.
import { api, currentUser } from './api.js';
import { showMessage } from './message.js';
import { initTopbar } from './topbar.js';
import { describeJob, finished, link, percent, row } from './job-format.js';

const $ = (id) => document.getElementById(id);
const projectId = new URLSearchParams(location.search).get('project');
const REFRESH_MS = 2000;

function jobRow(job) {
  const progress = document.createElement('progress');
  progress.max = 1;
  progress.value = job.progress;
  const model = job.model_version_id ? link(`/job.html?id=${job.id}#version`, 'registered') : '—';
  return row([link(`/job.html?id=${job.id}`, `#${job.id}`), describeJob(job), job.state,
    finished(job) ? percent(job.progress) : progress, job.message, model, new Date(job.created_at).toLocaleString()]);
}

/** The detector versions this project's jobs registered, newest first, as predict-job choices. */
function offerDetectors(jobs) {
  const detectors = jobs.filter((job) => job.kind !== 'predict' && job.config?.architecture === 'detector' && job.model_version_id);
  $('no-detectors').hidden = detectors.length > 0;
  $('predict-form').hidden = detectors.length === 0;
  const chosen = $('predict-version').value;
  $('predict-version').replaceChildren(...detectors.map((job) => {
    const option = document.createElement('option');
    option.value = String(job.model_version_id);
    option.textContent = `version #${job.model_version_id} from job #${job.id}${job.message ? ` — ${job.message}` : ''}`;
    return option;
  }));
  if (detectors.some((job) => String(job.model_version_id) === chosen)) $('predict-version').value = chosen;
  exportLink();
}

function exportLink() {
  $('predict-export').href = `/api/v1/projects/${projectId}/export/coco-results?model_version=${encodeURIComponent($('predict-version').value)}`;
}

async function startPrediction(event) {
  event.preventDefault();
  const config = { model_version: Number($('predict-version').value), score_threshold: Number($('predict-threshold').value) };
  if ($('predict-status').value) config.status = $('predict-status').value;
  try {
    const job = await api(`/api/v1/projects/${projectId}/jobs`, { method: 'POST', body: { kind: 'predict', config } });
    location.href = `/job.html?id=${job.id}`;
  } catch (error) {
    showMessage('message', error.message);
    if (error.field === 'config.score_threshold') $('predict-threshold').focus();
  }
}

async function refresh() {
  const { jobs } = await api(`/api/v1/projects/${projectId}/jobs`);
  if (!$('predict-job').hidden) offerDetectors(jobs);
  $('jobs').replaceChildren(...jobs.map(jobRow));
  $('empty').hidden = jobs.length > 0;
  if (jobs.some((job) => !finished(job))) setTimeout(() => refresh().catch(() => {}), REFRESH_MS);
}

/** The form's settings, with the JSON box's extra keys on top. Throws with a message for bad JSON. */
function configFromForm() {
  const config = { architecture: $('architecture').value, input_size: Number($('input_size').value), epochs: Number($('epochs').value) };
  if (config.architecture !== 'detector') config.source = $('source').value;
  if ($('snapshot').value) config.snapshot = $('snapshot').value;
  if ($('model_name').value.trim()) config.model_name = $('model_name').value.trim();
  if ($('kind').value === 'search') {
    config.search = { strategy: $('strategy').value, trials: Number($('trials').value), parallel: Number($('parallel').value),
      prune: $('prune').checked };
  }
  const extra = $('extra').value.trim();
  if (extra) {
    let parsed;
    try { parsed = JSON.parse(extra); } catch { throw new Error('“More settings” is not valid JSON.'); }
    if (typeof parsed !== 'object' || Array.isArray(parsed) || parsed === null) throw new Error('“More settings” must be a JSON object.');
    const search = config.search && parsed.search ? { ...config.search, ...parsed.search } : (parsed.search ?? config.search);
    Object.assign(config, parsed);
    if (search) config.search = search;
  }
  return config;
}

/** A detector learns from boxes, on whole letterboxed images (64–640 px, 320 by default). */
function architectureChanged() {
  const detector = $('architecture').value === 'detector';
  $('source-field').hidden = detector;
  const size = $('input_size');
  [size.min, size.max] = detector ? ['64', '640'] : ['8', '256'];
  if (detector && Number(size.value) <= 256) size.value = '320';  // the detector's default; type another after choosing
  if (!detector && Number(size.value) > 256) size.value = '64';
}

async function main() {
  const me = await currentUser();
  if (!me) { location.href = `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`; return; }
  initTopbar(me);
  if (!projectId) { showMessage('message', 'No project given.'); return; }
  $('project-link').href = `/project.html?id=${projectId}`;
  $('architecture').addEventListener('change', architectureChanged);
  $('kind').addEventListener('change', () => { $('search-fields').hidden = $('kind').value !== 'search'; });
  const project = await api(`/api/v1/projects/${projectId}`).catch((error) => { showMessage('message', error.message); return null; });
  if (!project) return;
  $('title').textContent = `Training · ${project.name}`;
  document.title = `Training · ${project.name} · Loupe`;
  if (['data', 'admin'].includes(me.user.role)) {
    $('new-job').hidden = false;
    $('predict-job').hidden = false;
    $('predict-form').addEventListener('submit', startPrediction);
    $('predict-version').addEventListener('change', exportLink);
    const { snapshots } = await api(`/api/v1/projects/${projectId}/snapshots`).catch(() => ({ snapshots: [] }));
    for (const snapshot of snapshots) {
      const option = document.createElement('option');
      option.value = snapshot.name;
      option.textContent = `snapshot “${snapshot.name}” (${snapshot.image_count} accepted images)`;
      $('snapshot').append(option);
    }
  }
  $('job-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const job = await api(`/api/v1/projects/${projectId}/jobs`, { method: 'POST', body: { kind: $('kind').value, config: configFromForm() } });
      location.href = `/job.html?id=${job.id}`;
    } catch (error) {
      showMessage('message', error.message);
      if (error.field) $(error.field.replace(/^config\.(search\.)?/, ''))?.focus();
    }
  });
  await refresh();
}

main().catch((error) => showMessage('message', error.message));
