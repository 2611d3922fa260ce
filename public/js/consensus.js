// The consensus review: an overlap image whose people have handed in their work, each person's
// shapes in their colour, the proposal merged from them, agreement on this image, and Accept (with
// the proposal's shapes the reviewer kept) or Skip; then on to the next image ready to merge.
import { api, currentUser } from './api.js';
import { initTopbar } from './topbar.js';
import { showMessage } from './message.js';
import { row } from './job-format.js';
import { fitTransform, fixed, personColors, supportText } from './quality-format.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const projectId = params.get('project');
const state = { image: null, consensus: null, labels: new Map(), colors: new Map(), hidden: new Set(), picture: null, skipped: new Set() };

function outline(context, shape, transform) {
  const at = (x, y) => [transform.x + x * transform.scale, transform.y + y * transform.scale];
  context.beginPath();
  if (shape.type === 'bbox') {
    const [x, y] = at(shape.x, shape.y);
    context.rect(x, y, shape.w * transform.scale, shape.h * transform.scale);
  } else if (shape.type === 'polygon') {
    shape.points.forEach(([px, py], index) => context[index ? 'lineTo' : 'moveTo'](...at(px, py)));
    context.closePath();
  }
  context.stroke();
}

function draw() {
  const canvas = $('canvas');
  const ratio = window.devicePixelRatio || 1;
  canvas.width = canvas.clientWidth * ratio;
  canvas.height = canvas.clientHeight * ratio;
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, canvas.width, canvas.height);
  if (!state.image) return;
  const transform = fitTransform(state.image.width, state.image.height, canvas.width, canvas.height);
  if (state.picture) {
    context.drawImage(state.picture, transform.x, transform.y, state.image.width * transform.scale, state.image.height * transform.scale);
  }
  context.lineWidth = 2 * ratio;
  for (const copy of state.consensus.copies) {
    if (state.hidden.has(copy.person)) continue;
    context.strokeStyle = state.colors.get(copy.person);
    context.setLineDash([6 * ratio, 4 * ratio]);
    for (const shape of copy.shapes) outline(context, shape, transform);
  }
  context.setLineDash([]);
  if (!$('show-proposal').checked) return;
  state.consensus.proposal.shapes.forEach((shape, index) => {
    if (!kept().includes(index)) return;
    context.lineWidth = 5 * ratio;
    context.strokeStyle = '#000';
    outline(context, shape, transform);
    context.lineWidth = 3 * ratio;
    context.strokeStyle = '#fff';
    outline(context, shape, transform);
  });
}

/** Indexes of the proposal's shapes the reviewer keeps. */
function kept() {
  return [...document.querySelectorAll('#proposal input:checked')].map((box) => Number(box.value));
}

function labelName(id) { return state.labels.get(id)?.name ?? `label ${id}`; }

function renderSide() {
  const { copies, proposal, pairs } = state.consensus;
  $('file-name').textContent = `${state.image.file_name} · ${copies.length} people`;
  $('people').replaceChildren(...copies.map((copy) => {
    const label = document.createElement('label');
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', checked: !state.hidden.has(copy.person) });
    box.addEventListener('change', () => { if (box.checked) state.hidden.delete(copy.person); else state.hidden.add(copy.person); draw(); });
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = state.colors.get(copy.person);
    label.append(box, swatch, `${copy.person} · ${copy.shapes.length} shape${copy.shapes.length === 1 ? '' : 's'}`);
    return label;
  }));
  $('pairs').querySelector('tbody').replaceChildren(...pairs.map((p) => row([`${p.first} & ${p.second}`, fixed(p.box_f1), fixed(p.tag_kappa)])));
  $('proposal-count').textContent = `(${proposal.shapes.length})`;
  $('proposal-empty').hidden = proposal.shapes.length > 0;
  $('proposal').replaceChildren(...proposal.shapes.map((shape, index) => {
    const item = document.createElement('li');
    const label = document.createElement('label');
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', checked: true, value: String(index) });
    box.addEventListener('change', draw);
    const kind = { bbox: 'box', polygon: 'polygon', tag: 'tag' }[shape.type];
    label.append(box, `${kind} · ${labelName(shape.label_id)} · ${supportText(proposal.support[index], copies.length)}`);
    item.append(label);
    return item;
  }));
}

/** The next image ready to merge, passing over those skipped until only they are left; first the one the address names. */
async function nextReady() {
  const overlap = await api(`/api/v1/projects/${projectId}/overlap`);
  const ready = overlap.images.filter((entry) => entry.ready).map((entry) => entry.image.id);
  const wanted = Number(params.get('image'));
  if (wanted && ready.includes(wanted) && !state.skipped.has(wanted) && !state.image) return wanted;
  const fresh = ready.find((id) => !state.skipped.has(id));
  if (fresh !== undefined) return fresh;
  state.skipped.clear();  // only skipped ones are left: round again
  return ready[0] ?? null;
}

async function open(imageId) {
  if (imageId == null) {
    state.image = null;
    $('review').hidden = true;
    $('done').hidden = false;
    return;
  }
  const [image, consensus] = await Promise.all([api(`/api/v1/images/${imageId}`), api(`/api/v1/images/${imageId}/consensus`)]);
  Object.assign(state, { image, consensus, picture: null, colors: personColors(consensus.copies.map((copy) => copy.person)) });
  history.replaceState(null, '', `/consensus.html?project=${projectId}&image=${imageId}`);
  $('review').hidden = false;
  renderSide();
  draw();
  const picture = new Image();
  picture.onload = () => { if (state.image?.id === image.id) { state.picture = picture; draw(); } };
  picture.src = image.display_url;
}

async function accept() {
  if (!state.image) return;
  const shapes = kept().map((index) => state.consensus.proposal.shapes[index]);
  $('accept').disabled = true;
  try {
    await api(`/api/v1/images/${state.image.id}/consensus`, { method: 'POST', body: { shapes } });
    showMessage('message', `Accepted ${state.image.file_name} with ${shapes.length} shape${shapes.length === 1 ? '' : 's'}.`, 'notice');
    await open(await nextReady());
  } catch (error) {
    showMessage('message', error.message);
  } finally {
    $('accept').disabled = false;
  }
}

async function skip() {
  if (!state.image) return;
  state.skipped.add(state.image.id);
  await open(await nextReady());
}

async function main() {
  const me = await currentUser().catch((error) => { showMessage('message', error.message); return undefined; });
  if (me === null) return location.replace('/login.html?next=' + encodeURIComponent(location.pathname + location.search));
  if (!me) return;
  initTopbar(me);
  if (!projectId) return showMessage('message', 'No project chosen. Open the consensus review from a project’s Quality section.');
  $('project-link').href = `/project.html?id=${projectId}#quality-section`;
  $('done-link').href = `/project.html?id=${projectId}#quality-section`;
  const { labels } = await api(`/api/v1/projects/${projectId}/labels`);
  state.labels = new Map(labels.map((label) => [label.id, label]));
  $('show-proposal').addEventListener('change', draw);
  $('accept').addEventListener('click', accept);
  $('skip').addEventListener('click', skip);
  window.addEventListener('resize', draw);
  window.addEventListener('keydown', (event) => {
    if (event.target.closest?.('input, textarea, select') && event.target.type !== 'checkbox') return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Enter') { event.preventDefault(); accept(); }
    if (event.key.toLowerCase() === 'n') { event.preventDefault(); skip(); }
  });
  await open(await nextReady());
}

main().catch((error) => showMessage('message', error.status === 403 || error.status === 404
  ? 'Only reviewers of this project can review a consensus.' : error.message));
