// The project page's import: choose a format and a file, Check (a dry run: what would be created,
// matched or skipped, file by file), then Import. Only the data team sees it.
import { api, currentUser } from './api.js';
import { IMPORT_FORMATS, importSummary, reportRows } from './dataset-transfer.js';
import { showMessage } from './message.js';

const $ = (id) => document.getElementById(id);

function showReport(report) {
  const { rows, more } = reportRows(report);
  const cells = rows.map((row) => {
    const tr = document.createElement('tr');
    for (const text of [row.path, row.what, String(row.shapes)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
  if (more) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 3;
    td.className = 'muted';
    td.textContent = `… and ${more.toLocaleString('en')} more`;
    tr.append(td);
    cells.push(tr);
  }
  $('import-report').tBodies[0].replaceChildren(...cells);
  $('import-report').hidden = false;
}

async function main() {
  const projectId = new URLSearchParams(location.search).get('id');
  if (!projectId) return;
  const me = await currentUser().catch(() => null);
  if (!me || !['data', 'admin'].includes(me.user.role)) return;
  $('import-section').hidden = false;
  $('import-format').replaceChildren(...IMPORT_FORMATS.map((format) => new Option(format.name, format.id)));
  const chosen = () => IMPORT_FORMATS.find((format) => format.id === $('import-format').value);
  const reset = () => {
    $('import-file').accept = chosen().accept;
    $('import-run').disabled = true;
    $('import-report').hidden = true;
  };
  $('import-format').addEventListener('change', reset);
  $('import-file').addEventListener('change', reset);
  $('import-create-labels').addEventListener('change', () => { $('import-run').disabled = true; });
  reset();

  /** Sends the file; a dry run when `dryRun`. */
  async function send(dryRun) {
    const file = $('import-file').files[0];
    if (!file) return;
    const query = new URLSearchParams();
    if (dryRun) query.set('dry_run', '1');
    if (!$('import-create-labels').checked) query.set('create_labels', '0');
    showMessage('import-message', `${dryRun ? 'Checking' : 'Importing'} ${file.name}…`, 'notice');
    $('import-check').disabled = true;
    $('import-run').disabled = true;
    try {
      const report = await api(`/api/v1/projects/${projectId}/import/${chosen().id}?${query}`, { method: 'POST', file });
      showMessage('import-message', importSummary(report), 'notice');
      showReport(report);
      $('import-run').disabled = !dryRun;  // checked: ready to import; imported: check again first
      if (!dryRun) document.dispatchEvent(new CustomEvent('loupe:images-changed'));
    } catch (error) {
      const where = error.field && !error.message.includes(error.field) ? ` (${error.field})` : '';
      showMessage('import-message', `${dryRun ? 'This file would not import' : 'Nothing was imported'}. ${error.message}${where}`);
      $('import-report').hidden = true;
    } finally {
      $('import-check').disabled = false;
    }
  }
  $('import-form').addEventListener('submit', (event) => { event.preventDefault(); send(true); });
  $('import-run').addEventListener('click', () => send(false));
}

main();
