// The project page's batches: everyone sees each batch's assignee, due day and progress (their own
// first); the data team splits open images into batches, reassigns, re-dates and dissolves them.
import { api, currentUser } from './api.js';
import { showMessage } from './message.js';
import { row } from './job-format.js';
import { leftText, mineSummary, planBody, progressText, sortBatches } from './batch-format.js';

const $ = (id) => document.getElementById(id);
const projectId = new URLSearchParams(location.search).get('id');
const show = (text, kind) => showMessage('batches-message', text, kind);
let members = [];
let manager = false;

function assigneeSelect(current) {
  const select = document.createElement('select');
  select.append(new Option('nobody', ''));
  for (const member of members) select.append(new Option(member.username, member.username, false, member.username === current));
  if (current && !members.some((member) => member.username === current)) select.append(new Option(current, current, false, true));
  return select;
}

/** The data team's controls on one row: assignee, due day, Save, Dissolve. */
function managerControls(batch) {
  const wrap = document.createElement('span');
  wrap.className = 'row-actions';
  const save = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Save' });
  const dissolve = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Dissolve', className: 'secondary' });
  dissolve.title = 'Its images go back to everyone’s queue; their labels stay.';
  save.addEventListener('click', async () => {
    const tr = save.closest('tr');
    const assignee = tr.querySelector('select').value || null;
    const due = tr.querySelector('input[type=date]').value || null;
    try {
      await api(`/api/v1/projects/${projectId}/batches/${batch.id}`, { method: 'PATCH', body: { assignee, due_on: due } });
      show(`${batch.name} saved.`, 'notice');
      await load();
    } catch (error) { show(error.message); }
  });
  dissolve.addEventListener('click', async () => {
    if (!confirm(`Dissolve ${batch.name}? Its ${batch.total} images go back to everyone’s queue.`)) return;
    try {
      await api(`/api/v1/projects/${projectId}/batches/${batch.id}`, { method: 'DELETE' });
      show(`${batch.name} dissolved.`, 'notice');
      await load();
    } catch (error) { show(error.message); }
  });
  wrap.append(save, dissolve);
  return wrap;
}

function batchRow(batch) {
  const bar = Object.assign(document.createElement('progress'), { max: batch.total || 1, value: batch.done });
  const progress = document.createElement('span');
  progress.append(bar, ' ', progressText(batch));
  let assignee = batch.assignee ?? 'nobody';
  let due = batch.due_on ? batch.due_on + (batch.overdue ? ' (overdue)' : '') : '—';
  if (manager) {
    assignee = assigneeSelect(batch.assignee);
    due = Object.assign(document.createElement('input'), { type: 'date', value: batch.due_on ?? '' });
  }
  const tr = row([batch.name + (batch.mine ? ' (yours)' : ''), assignee, due, progress, leftText(batch.counts),
    ...(manager ? [managerControls(batch)] : [])]);
  tr.dataset.batchId = batch.id;
  tr.classList.toggle('mine', batch.mine);
  tr.classList.toggle('overdue', batch.overdue);
  tr.children[2].className = 'due';
  return tr;
}

async function load() {
  const { batches } = await api(`/api/v1/projects/${projectId}/batches`);
  $('batch-rows').replaceChildren(...sortBatches(batches).map(batchRow));
  $('batches-table').hidden = !batches.length;
  $('no-batches').hidden = batches.length > 0;
  const summary = mineSummary(batches);
  $('my-batches').textContent = summary ?? '';
  $('my-batches').hidden = !summary;
}

function renderAssigneeChoices() {
  $('batch-assignees').replaceChildren(...members.map((member) => {
    const label = document.createElement('label');
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'batch-assignee', value: member.username });
    label.append(box, ` ${member.username}`);
    return label;
  }));
  if (!members.length) $('batch-assignees').textContent = 'no members yet (add them under Settings → Members)';
}

async function createBatches(event) {
  event.preventDefault();
  const checked = (name) => [...document.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
  let body;
  try {
    body = planBody({ name: $('batch-name').value, size: $('batch-size').value, limit: $('batch-limit').value, order: $('batch-order').value,
      statuses: checked('batch-status'), fileName: $('batch-file').value, predicted: $('batch-predicted').value,
      due: $('batch-due').value, assignees: checked('batch-assignee') });
  } catch (error) { return show(error.message); }
  $('batch-create').disabled = true;
  try {
    const made = await api(`/api/v1/projects/${projectId}/batches`, { method: 'POST', body });
    const count = made.batches.length;
    show(`Made ${count} batch${count === 1 ? '' : 'es'} with ${made.images} image${made.images === 1 ? '' : 's'} in all.`, 'notice');
    await load();
  } catch (error) {
    show(error.field ? `${error.message}` : error.message);
  } finally {
    $('batch-create').disabled = false;
  }
}

async function main() {
  if (!projectId) return;
  const me = await currentUser();
  if (!me) return;
  manager = ['data', 'admin'].includes(me.user.role);
  if (manager) {
    ({ members } = await api(`/api/v1/projects/${projectId}/members`));
    renderAssigneeChoices();
    $('batch-form').hidden = false;
    for (const th of document.querySelectorAll('#batches-table .manager-only')) th.hidden = false;
    $('batch-form').addEventListener('submit', createBatches);
  }
  await load();
}

main().catch((error) => show(error.message));
