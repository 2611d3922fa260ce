// The model page's Serving section, kept live: the split of the last five minutes, requests per minute
// per version, the usage table, the rollout's share and state, and the drift panel ("Check now").
import { api } from './api.js';
import { drawBars, drawChart } from './chart.js';
import { VERSION_COLORS, answerBars, driftRows, driftSummary, latencyBars, liveSplit, requestSeries, usageRows } from './serving-format.js';
import { row } from './job-format.js';

const section = document.getElementById('serving');
const $ = (id) => document.getElementById(id);

function showSplit(split) {
  const bar = $('live-split');
  bar.replaceChildren(...split.map(({ version, share }, i) => {
    const part = document.createElement('span');
    part.style.flexGrow = String(Math.max(share, 0.001));
    part.style.background = VERSION_COLORS[i % VERSION_COLORS.length];
    part.textContent = `v${version} ${Math.round(share * 100)} %`;
    part.dataset.version = String(version);
    return part;
  }));
  bar.setAttribute('aria-label', split.length ? `Last five minutes: ${split.map((s) => `v${s.version} ${Math.round(s.share * 100)} %`).join(', ')}` : 'No requests in the last five minutes');
}

async function refreshUsage(modelId) {
  const usage = await api(`/api/v1/models/${modelId}/usage?hours=1`);
  const split = liveSplit(usage.minutes, Date.now());
  showSplit(split);
  const total = usage.versions.filter((v) => v.arm !== 'shadow').reduce((sum, v) => sum + v.requests, 0);
  $('usage-note').textContent = total ? `${total.toLocaleString()} requests served in the last hour.` : 'No requests served in the last hour.';
  drawChart($('usage-chart'), requestSeries(usage.minutes), { yLabel: 'requests', xLabel: 'minutes' });
  $('usage-table').tBodies[0].replaceChildren(...usageRows(usage.versions).map(row));
  drawBars($('latency-chart'), latencyBars(usage.versions), { yLabel: 'answers by time' });
  drawBars($('answers-chart'), answerBars(usage.versions), { yLabel: 'answers by label', color: '#2b8a3e' });
}

async function refreshRollout(modelId) {
  const rollout = (await api(`/api/v1/models/${modelId}/deployment`)).rollout;
  const shown = $('rollout');
  if (!shown) return;
  if (!rollout || rollout.state !== shown.dataset.state) {  // it moved on (finished, rolled back): the page shows why
    location.reload();
    return;
  }
  $('rollout-share').textContent = `${rollout.share} %`;
}

async function refreshDrift(modelId, fresh = false) {
  const { versions } = await api(`/api/v1/models/${modelId}/drift${fresh ? '?refresh=1' : ''}`);
  $('drift-summary').textContent = driftSummary(versions);
  $('drift-table').tBodies[0].replaceChildren(...driftRows(versions).map(row));
}

if (section) {
  const modelId = section.dataset.model;
  const tick = () => Promise.all([refreshUsage(modelId), refreshRollout(modelId)]).catch((error) => {
    $('usage-note').textContent = `Could not load the usage: ${error.message}`;
  });
  tick();
  setInterval(tick, 5000);
  refreshDrift(modelId).catch((error) => { $('drift-summary').textContent = error.message; });
  $('drift-refresh').addEventListener('click', async () => {
    $('drift-refresh').disabled = true;
    try {
      await refreshDrift(modelId, true);
    } catch (error) {
      $('drift-summary').textContent = error.message;
    } finally {
      $('drift-refresh').disabled = false;
    }
  });
}
