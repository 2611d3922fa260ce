// The project page's Quality section: overlap images and the agreement between the people who
// labelled them alone (reviewers and the data team), a link to review their consensus, and for the
// data team the overlap and ground-truth settings with each annotator's accuracy.
import { api, currentUser } from './api.js';
import { showMessage } from './message.js';
import { row } from './job-format.js';
import { fixed, overlapSummary, percent, shareFrom } from './quality-format.js';

const $ = (id) => document.getElementById(id);
const projectId = new URLSearchParams(location.search).get('id');
const show = (text, kind) => showMessage('quality-message', text, kind);

function fillTable(id, rows) {
  $(id).querySelector('tbody').replaceChildren(...rows.map(row));
  $(id).hidden = rows.length === 0;
}

async function loadOverlap() {
  const overlap = await api(`/api/v1/projects/${projectId}/overlap`);
  $('overlap-summary').textContent = overlapSummary(overlap.counts);
  const { ready } = overlap.counts;
  Object.assign($('consensus-link'), { hidden: ready === 0, href: `/consensus.html?project=${projectId}`,
    textContent: `Review consensus (${ready} ready)` });
  fillTable('agreement-pairs', overlap.pairs.map((p) => [`${p.first} & ${p.second}`, String(p.images), fixed(p.box_f1), fixed(p.tag_kappa)]));
  fillTable('agreement-people', overlap.people.map((p) => [p.username, String(p.images), fixed(p.box_f1)]));
}

async function loadGroundTruth() {
  const truth = await api(`/api/v1/projects/${projectId}/ground-truth`);
  $('ground-truth-summary').textContent = truth.images === 0 ? 'No ground-truth images yet.'
    : `${truth.images} ground-truth image${truth.images === 1 ? '' : 's'}; `
      + (truth.every ? `one is mixed into each queue after about every ${truth.every} images.` : 'none are mixed into queues (set how often below).');
  $('ground-truth-every').value = truth.every;
  fillTable('accuracy', truth.people.map((p) => [p.username, String(p.images), fixed(p.box_f1), percent(p.tag_accuracy)]));
}

/** Runs a form's request, then reloads what it changed; errors land in the section's message box. */
function onSubmit(formId, action) {
  $(formId).addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $(formId).querySelector('button');
    button.disabled = true;
    try {
      show(await action(), 'notice');
    } catch (error) {
      show(error.message);
    } finally {
      button.disabled = false;
    }
  });
}

async function main() {
  if (!projectId) return;
  const me = await currentUser();
  if (!me) return;
  const project = await api(`/api/v1/projects/${projectId}`);
  if (!project.can_review) return;  // annotators label; they never see who is checked against what
  const manager = ['data', 'admin'].includes(me.user.role);
  $('quality-section').hidden = false;
  $('nav-quality').hidden = false;
  $('overlap-form').hidden = !manager;
  $('ground-truth').hidden = !manager;
  await loadOverlap();
  if (!manager) return;
  await loadGroundTruth();
  onSubmit('overlap-form', async () => {
    const share = shareFrom($('overlap-share').value, 'Share of new images');
    const copies = Number($('overlap-copies').value);
    const made = await api(`/api/v1/projects/${projectId}/overlap`, { method: 'POST', body: { share, copies } });
    await loadOverlap();
    return `${made.images} image${made.images === 1 ? '' : 's'} will each be labelled by ${copies} people, alone.`;
  });
  onSubmit('ground-truth-form', async () => {
    const made = await api(`/api/v1/projects/${projectId}/ground-truth`, { method: 'POST',
      body: { share: shareFrom($('ground-truth-share').value, 'Share of accepted images') } });
    await loadGroundTruth();
    return `${made.images} accepted image${made.images === 1 ? ' is' : 's are'} now ground truth.`;
  });
  onSubmit('ground-truth-every-form', async () => {
    const every = Number($('ground-truth-every').value);
    await api(`/api/v1/projects/${projectId}/ground-truth`, { method: 'PATCH', body: { every } });
    await loadGroundTruth();
    return every ? `One ground-truth image will be mixed in after about every ${every} images (a gap between half and one and a half times that, so it cannot be counted).` : 'Ground truth is no longer mixed into queues.';
  });
}

main().catch((error) => show(error.message));
