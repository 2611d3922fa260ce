// A project's dashboard: status counts, review acceptance, labels in use, what each detector
// version's suggestions saved, work per annotator per day, batch progress, and inter-annotator
// agreement with the formulas it uses.
import { api, currentUser } from './api.js';
import { showMessage } from './message.js';
import { initTopbar } from './topbar.js';
import { row } from './job-format.js';
import { leftText, progressText } from './batch-format.js';
import { fixed } from './quality-format.js';

const $ = (id) => document.getElementById(id);
const projectId = new URLSearchParams(location.search).get('project');
const STATUSES = ['new', 'in_progress', 'submitted', 'accepted', 'rejected'];

async function main() {
  const me = await currentUser();
  if (!me) { location.href = `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`; return; }
  initTopbar(me);
  $('project-link').href = `/project.html?id=${projectId}`;
  const [project, data] = await Promise.all([api(`/api/v1/projects/${projectId}`), api(`/api/v1/projects/${projectId}/dashboard`)]);
  $('title').textContent = `Dashboard · ${project.name}`;
  document.title = `Dashboard · ${project.name} · Loupe`;
  $('statuses').replaceChildren(...row(STATUSES.map((s) => String(data.status_counts[s] ?? 0))).children);
  $('batches-none').hidden = data.batches.length > 0;
  $('batches-table').hidden = data.batches.length === 0;
  $('batches').replaceChildren(...data.batches.map((b) => {
    const tr = row([b.name, b.assignee ?? 'nobody', b.due_on ? b.due_on + (b.overdue ? ' (overdue)' : '') : '—', progressText(b), leftText(b.counts)]);
    tr.classList.toggle('overdue', b.overdue);
    return tr;
  }));
  const { review } = data;
  $('review').textContent = review.acceptance_rate == null ? 'No review decisions yet.'
    : `${review.accepted} accepted, ${review.rejected} rejected: ${(review.acceptance_rate * 100).toFixed(1)}% accepted.`;
  $('labels').replaceChildren(...data.labels.map((l) => row([l.name, String(l.boxes), String(l.polygons), String(l.tags)])));
  $('suggestions-none').hidden = data.suggestions.length > 0;
  $('suggestions-table').hidden = data.suggestions.length === 0;
  $('suggestions').replaceChildren(...data.suggestions.map((v) => {
    const decided = v.accepted_unchanged + v.accepted_edited + v.rejected;
    const share = decided ? `${Math.round((100 * v.accepted_unchanged) / decided)}% of decided` : '—';
    return row([`${v.model} v${v.version}`, String(v.accepted_unchanged), String(v.accepted_edited), String(v.rejected), String(v.open),
      String(v.drawn_by_hand), share]);
  }));
  $('work').replaceChildren(...data.daily_work.map((w) => row([w.day, w.username, String(w.images), String(w.saves)])));
  const { agreement } = data;
  $('agreement').textContent = agreement.images === 0
    ? 'No image has been labelled by two or more people yet.'
    : `${agreement.images} images labelled by two or more people: box agreement F1 ${fixed(agreement.box_f1)}; `
      + `tag agreement ${agreement.kappa_method === 'fleiss' ? 'Fleiss’' : 'Cohen’s'} κ ${fixed(agreement.tag_kappa)}.`;
  const names = { box_f1: 'Box agreement F1', cohen: 'Cohen’s κ (two people per image)', fleiss: 'Fleiss’ κ (three or more)' };
  $('formulas').replaceChildren(...Object.entries(names).flatMap(([key, name]) => {
    const term = document.createElement('dt');
    term.textContent = name;
    const text = document.createElement('dd');
    text.textContent = agreement.formulas[key];
    return [term, text];
  }));
}

main().catch((error) => showMessage('message', error.message));
