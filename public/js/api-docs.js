// /api/docs: the API's OpenAPI document as a page — operations by tag, a search ("/" to focus it), and
// for each its summary, access, parameters, body kinds and JSON members, answers, error statuses and a
// curl example with your token's placeholder.
import { api } from './api.js';
import { accessText, answerText, bodyRows, curlExample, matches, operations, responseRows, typeText } from './api-docs-format.js';
import { row } from './job-format.js';

const $ = (id) => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function table(headings, rows) {
  const t = element('table');
  const head = element('thead');
  head.append(row(headings));
  const body = element('tbody');
  body.append(...rows.map(row));
  t.append(head, body);
  return t;
}

function operationSection(op, doc) {
  const section = element('section', undefined, 'operation');
  section.dataset.operation = `${op.method} ${op.path}`;
  const title = element('h3');
  title.append(element('code', op.method, `method method-${op.method.toLowerCase()}`), ' ', element('code', op.path));
  section.append(title);
  if (op.summary) section.append(element('p', op.summary, 'summary'));
  section.append(element('p', accessText(op), 'muted'));
  if (op.parameters?.length) {
    section.append(table(['Parameter', 'In', 'Type', 'Meaning'],
      op.parameters.map((p) => [p.name + (p.required ? '' : '?'), p.in, typeText(p.schema), p.description ?? ''])));
  }
  const bodies = Object.keys(op.requestBody?.content ?? {});
  if (bodies.length) section.append(element('p', `Body: ${bodies.join(', ')}`));
  const members = bodyRows(op, doc);
  if (members.length) section.append(table(['JSON member', 'Type', ''], members));
  section.append(element('p', `Answers ${answerText(op)}`, 'answers'));
  section.append(table(['Status', 'Meaning'], responseRows(op, doc)));
  const curl = element('pre', undefined, 'curl');
  curl.append(element('code', curlExample(op, location.origin)));
  section.append(curl);
  return section;
}

function render(doc, all, query) {
  const shown = all.filter((op) => matches(op, query));
  $('count').textContent = `${shown.length} of ${all.length} operations`;
  const sections = [];
  let tag = null;
  for (const op of shown) {
    if (op.tag !== tag) {
      tag = op.tag;
      const heading = element('h2', tag);
      const about = (doc.tags ?? []).find((t) => t.name === tag)?.description;
      sections.push(heading);
      if (about) sections.push(element('p', about, 'muted'));
    }
    sections.push(operationSection(op, doc));
  }
  $('operations').replaceChildren(...sections);
}

async function main() {
  const doc = await api('/api/v1/openapi.json');
  $('intro').textContent = doc.info.description;
  const all = operations(doc);
  const search = $('search');
  search.addEventListener('input', () => render(doc, all, search.value));
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && document.activeElement !== search) {
      event.preventDefault();
      search.focus();
    }
  });
  render(doc, all, search.value);
}

main().catch((error) => { $('count').textContent = `Could not load the API document: ${error.message}`; });
