// One job: state and progress, live training curves and per-epoch metrics (Server-Sent Events while it
// runs), trials, and the registered model's scores. The data team can cancel it.
import { api, currentUser } from './api.js';
import { showMessage } from './message.js';
import { initTopbar } from './topbar.js';
import { describeJob, fileSize, finished, fixed, isDetector, link, percent, row, significant, versionSummary } from './job-format.js';
import { drawChart } from './chart.js';
import { renderParallelCoordinates } from './parallel-coordinates.js';

const $ = (id) => document.getElementById(id);
const jobId = new URLSearchParams(location.search).get('id');
const RECENT_EPOCHS = 10;
let showAllEpochs = false;

function showVersion(version) {
  $('version').hidden = false;
  $('version-summary').textContent = versionSummary(version);
  $('version-warning').hidden = !version.validation_warning;
  $('version-warning').textContent = version.validation_warning ?? '';
  const evaluation = version.evaluation;
  const perClass = evaluation.ap50_per_class;
  $('class-evaluation').hidden = Boolean(perClass);
  $('class-ap').hidden = !perClass;
  if (perClass) {  // a detector: AP50 per class; no confusion matrix
    $('class-ap-rows').replaceChildren(...Object.entries(perClass).map(([name, ap]) => row([name, percent(ap)])));
    return;
  }
  $('classes').replaceChildren(...evaluation.classes.map((c) =>
    row([c.name, fixed(c.precision), fixed(c.recall), fixed(c.f1), String(c.support)])));
  const names = evaluation.classes.map((c) => c.name);
  $('confusion').replaceChildren(row(['', ...names]), ...evaluation.confusion.map((counts, i) => row([names[i], ...counts.map(String)])));
}

function show(job, canCancel) {
  $('state').textContent = job.state;
  $('progress').value = job.progress;
  $('percent').textContent = percent(job.progress);
  $('doing').textContent = job.message + (job.attempts > 1 ? ` (attempt ${job.attempts})` : '');
  const times = [`queued ${new Date(job.created_at).toLocaleString()}`];
  if (job.started_at) times.push(`started ${new Date(job.started_at).toLocaleString()}`);
  if (job.finished_at) times.push(`finished ${new Date(job.finished_at).toLocaleString()}`);
  $('times').textContent = times.join(' · ');
  $('cancel').hidden = !canCancel || finished(job) || job.cancel_requested;
  // A long run shows its last epochs; the whole table is one click away.
  const shown = showAllEpochs ? job.metrics : job.metrics.slice(-RECENT_EPOCHS);
  $('metrics').replaceChildren(...shown.map((m) => row([String(m.trial + 1), String(m.epoch), fixed(m.train_loss),
    percent(m.train_accuracy), fixed(m.validation_loss), percent(m.validation_accuracy), significant(m.learning_rate),
    Math.round(m.samples_per_second).toLocaleString()])));
  $('no-metrics').hidden = job.metrics.length > 0;
  $('all-epochs').hidden = job.metrics.length <= RECENT_EPOCHS;
  $('all-epochs').textContent = showAllEpochs ? `Show only the last ${RECENT_EPOCHS}` : `Show all ${job.metrics.length} epochs`;
  $('epochs-shown').textContent = shown.length < job.metrics.length ? `(last ${shown.length} of ${job.metrics.length})` : '';
  $('trials-section').hidden = job.trials.length === 0;
  const best = job.trials.filter((t) => t.outcome === 'done').reduce((a, t) => (a && a.validation_loss <= t.validation_loss ? a : t), null);
  const outcome = { done: 'finished', pruned: 'stopped early', failed: 'failed' };
  $('trials').replaceChildren(...job.trials.map((t) => {
    const tr = row([`${t.trial + 1}${t === best && job.model_version ? ' (registered)' : ''}`,
      Object.entries(t.parameters).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('·') : significant(v)}`).join(', '),
      outcome[t.outcome] ?? t.outcome, String(t.epochs), t.outcome === 'failed' ? '—' : fixed(t.validation_loss),
      t.outcome === 'failed' ? '—' : percent(t.validation_accuracy)]);
    if (t.message) tr.title = t.message;
    return tr;
  }));
  $('trials-figure').hidden = job.trials.length < 2;
  if (job.trials.length >= 2) renderParallelCoordinates($('trials-plot'), job.trials);
  if (job.model_version) showVersion(job.model_version);
  $('results').hidden = !job.results?.length;
  const names = { csv: 'CSV, one row per answer', coco: 'COCO results JSON' };
  $('result-links').replaceChildren(...(job.results ?? []).map((r) => {
    const item = document.createElement('li');
    item.append(link(r.url, names[r.format] ?? r.format), ` (${fileSize(r.size)})`);
    return item;
  }));
  $('config').textContent = JSON.stringify(job.config, null, 2);
  // A detector's per-epoch "accuracy" is its validation AP50.
  const score = isDetector(job.config) ? 'AP50' : 'accuracy';
  for (const id of ['validation-score-heading', 'trial-score-heading']) $(id).textContent = `Validation ${score}`;
  $('accuracy-caption').textContent = isDetector(job.config) ? 'Validation AP50' : 'Accuracy';
  drawCurves(job.metrics, isDetector(job.config));
}

/** Loss, accuracy (a detector: validation AP50) and learning rate per epoch of the latest trial. */
function drawCurves(metrics, detector) {
  $('curves').hidden = metrics.length === 0;
  if (metrics.length === 0) return;
  const trial = metrics[metrics.length - 1].trial;
  const rows = metrics.filter((m) => m.trial === trial);
  const line = (name, color, key) => ({ name, color, points: rows.map((m) => [m.epoch, m[key]]) });
  drawChart($('loss-chart'), [line('train', '#2156c8', 'train_loss'), line('validation', '#d9480f', 'validation_loss')], { yLabel: 'loss' });
  const scores = detector ? [line('validation AP50', '#d9480f', 'validation_accuracy')]
    : [line('train', '#2156c8', 'train_accuracy'), line('validation', '#d9480f', 'validation_accuracy')];
  drawChart($('accuracy-chart'), scores, { yLabel: detector ? 'AP50' : 'accuracy', yMax: 1 });
  drawChart($('lr-chart'), [line('learning rate', '#2b8a3e', 'learning_rate')], { yLabel: 'learning rate' });
}

/** Follows the job over Server-Sent Events until it ends; EventSource reconnects (with Last-Event-ID) by itself. */
function follow(job, canCancel) {
  const source = new EventSource(`/api/v1/jobs/${job.id}/stream?last_event_id=${job.metrics.length}`);
  $('live').textContent = '(live)';
  source.addEventListener('epoch', (event) => {
    job.metrics.push(JSON.parse(event.data));
    show(job, canCancel);
  });
  source.addEventListener('job', (event) => {
    Object.assign(job, JSON.parse(event.data));
    show(job, canCancel);
  });
  source.addEventListener('end', async () => {
    source.close();
    $('live').textContent = '';
    try {
      show(await api(`/api/v1/jobs/${job.id}`), canCancel);
    } catch (error) {
      showMessage('message', `Could not load the result: ${error.message}`);
    }
  });
}

async function main() {
  const me = await currentUser();
  if (!me) { location.href = `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`; return; }
  initTopbar(me);
  const canCancel = ['data', 'admin'].includes(me.user.role);
  const job = await api(`/api/v1/jobs/${jobId}`);
  $('title').textContent = `Job #${job.id} · ${describeJob(job)}`;
  $('project-link').href = `/project.html?id=${job.project_id}`;
  $('jobs-link').href = `/jobs.html?project=${job.project_id}`;
  $('cancel').addEventListener('click', async () => {
    try {
      const { state, progress, message, cancel_requested: cancelRequested } = await api(`/api/v1/jobs/${jobId}/cancel`, { method: 'POST' });
      Object.assign(job, { state, progress, message, cancel_requested: cancelRequested });
      show(job, canCancel);
    } catch (error) {
      showMessage('message', error.message);
    }
  });
  $('all-epochs').addEventListener('click', () => { showAllEpochs = !showAllEpochs; show(job, canCancel); });
  show(job, canCancel);
  if (!finished(job)) follow(job, canCancel);
}

main().catch((error) => showMessage('message', error.message));
