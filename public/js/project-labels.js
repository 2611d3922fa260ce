// The project page's labels for the data team: add, rename, recolour, set hotkeys, suggestion
// thresholds and attributes, reorder, and delete (moving a label's shapes to another first when it
// is in use).
import { api } from './api.js';
import { showMessage } from './message.js';
import { freeHotkeys, moved } from './label-order.js';
import { describe } from './attributes.js';
import { attributeEditor } from './project-attributes.js';

const $ = (id) => document.getElementById(id);
const say = (text, kind) => showMessage('labels-message', text, kind);

function element(tag, properties = {}, children = []) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

/** A hotkey menu: none, or any digit no other label has. */
function hotkeyPicker(labels, label) {
  const select = element('select', { title: 'Hotkey: the key that picks this label in the editor' });
  select.append(element('option', { value: '', textContent: 'none' }));
  for (const key of freeHotkeys(labels, label?.id ?? null)) select.append(element('option', { value: key, textContent: key }));
  select.value = label?.hotkey ?? '';
  return select;
}

export class LabelManager {
  constructor(projectId) {
    this.projectId = projectId;
    this.labels = [];
  }

  async start() {
    $('labels-section').hidden = false;
    $('label-form').addEventListener('submit', (event) => { event.preventDefault(); this.add(); });
    await this.load();
  }

  async load() {
    this.labels = (await api(`/api/v1/projects/${this.projectId}/labels`)).labels;
    this.render();
  }

  render() {
    $('label-rows').replaceChildren(...this.labels.flatMap((label, index) => {
      const row = this.row(label, index);
      return label.id === this.editingAttributes ? [row, this.attributeRow(label)] : [row];
    }));
    $('no-label-rows').hidden = this.labels.length > 0;
    const hotkey = hotkeyPicker(this.labels, null);
    hotkey.id = 'new-label-hotkey';
    hotkey.value = freeHotkeys(this.labels)[0] ?? '';
    $('new-label-hotkey').replaceWith(hotkey);
  }

  row(label, index) {
    const color = element('input', { type: 'color', value: label.color, title: 'Colour' });
    color.setAttribute('aria-label', `Colour of ${label.name}`);
    const name = element('input', { value: label.name, maxLength: 100, required: true });
    name.setAttribute('aria-label', 'Name');
    const hotkey = hotkeyPicker(this.labels, label);
    hotkey.setAttribute('aria-label', `Hotkey of ${label.name}`);
    const threshold = element('input', { type: 'number', min: '0', max: '1', step: '0.05', value: String(label.suggestion_threshold ?? 0.5),
      title: 'Box suggestions of this label scoring at least this count as likely' });
    threshold.setAttribute('aria-label', `Suggestion threshold of ${label.name}`);
    const save = () => this.update(label, { name: name.value.trim(), color: color.value, hotkey: hotkey.value || null,
      suggestion_threshold: threshold.value === '' ? undefined : Number(threshold.value) });
    threshold.addEventListener('change', save);
    name.addEventListener('change', save);
    color.addEventListener('change', save);
    hotkey.addEventListener('change', save);
    const up = element('button', { type: 'button', className: 'link', textContent: '↑', title: 'Move up', disabled: index === 0 });
    const down = element('button', { type: 'button', className: 'link', textContent: '↓', title: 'Move down',
      disabled: index === this.labels.length - 1 });
    up.addEventListener('click', () => this.reorder(index, -1));
    down.addEventListener('click', () => this.reorder(index, 1));
    const remove = element('button', { type: 'button', className: 'link danger-text', textContent: 'Delete…' });
    const actions = element('td', { className: 'actions' }, [up, down, remove]);
    remove.addEventListener('click', () => this.confirmDelete(label, actions));
    const count = (label.attributes ?? []).length;
    const attributes = element('button', { type: 'button', className: 'link attributes-button',
      textContent: count ? `${count} attribute${count === 1 ? '' : 's'}` : 'Add attributes',
      title: (label.attributes ?? []).map((spec) => `${spec.name}: ${describe(spec)}`).join('\n') || 'What each shape of this label can say: occluded, colour, …' });
    attributes.setAttribute('aria-expanded', String(label.id === this.editingAttributes));
    attributes.addEventListener('click', () => {
      this.editingAttributes = this.editingAttributes === label.id ? null : label.id;
      this.render();
    });
    const tr = element('tr', {}, [element('td', {}, [color]), element('td', {}, [name]), element('td', {}, [hotkey]),
      element('td', {}, [threshold]), element('td', {}, [attributes]), actions]);
    tr.dataset.labelId = label.id;
    tr.dataset.name = label.name;
    return tr;
  }

  /** The open attribute editor, as a row under its label's. */
  attributeRow(label) {
    const editor = attributeEditor(label, {
      save: async (attributes) => {
        try {
          const updated = await api(`/api/v1/labels/${label.id}`, { method: 'PATCH', body: { attributes } });
          say(`Attributes of “${updated.name}” saved: ${updated.attributes.length ? updated.attributes.map((a) => a.name).join(', ') : 'none'}.`, 'notice');
          this.editingAttributes = null;
          await this.load();
        } catch (error) {
          say(error.message);
          throw error;
        }
      },
      close: () => { this.editingAttributes = null; this.render(); },
    });
    const tr = element('tr', { className: 'attribute-editor-row' }, [element('td', { colSpan: 6 }, [editor])]);
    tr.dataset.attributesOf = label.id;
    return tr;
  }

  async add() {
    const body = { name: $('new-label-name').value.trim(), color: $('new-label-color').value };
    if ($('new-label-hotkey').value) body.hotkey = $('new-label-hotkey').value;
    try {
      const label = await api(`/api/v1/projects/${this.projectId}/labels`, { method: 'POST', body });
      $('label-form').reset();
      say(`Label “${label.name}” added${label.hotkey ? ` with hotkey ${label.hotkey}` : ''}.`, 'notice');
      await this.load();
      $('new-label-name').focus();
    } catch (error) { say(error.message); }
  }

  /** Saves one label's change, then redraws the table; `data-busy` on the table says a save is under way. */
  async update(label, change) {
    this.saving = (this.saving ?? 0) + 1;
    $('label-rows').dataset.busy = 'saving';
    try {
      const updated = await api(`/api/v1/labels/${label.id}`, { method: 'PATCH', body: change });
      say(`Label “${updated.name}” saved.`, 'notice');
    } catch (error) { say(error.message); }
    await this.load().finally(() => {
      this.saving -= 1;
      if (this.saving === 0) delete $('label-rows').dataset.busy;
    });
  }

  async reorder(index, step) {
    try {
      const ids = moved(this.labels.map((label) => label.id), index, step);
      this.labels = (await api(`/api/v1/projects/${this.projectId}/labels/order`, { method: 'PUT', body: { label_ids: ids } })).labels;
      this.render();
    } catch (error) { say(error.message); }
  }

  /** Asks before deleting; a label in use offers to move its shapes to another label in the same step. */
  async confirmDelete(label, cell) {
    const others = this.labels.filter((other) => other.id !== label.id);
    const target = element('select', {}, others.map((other) => element('option', { value: String(other.id), textContent: other.name })));
    target.setAttribute('aria-label', 'Move its shapes to');
    const go = element('button', { type: 'button', className: 'danger', textContent: 'Delete' });
    const cancel = element('button', { type: 'button', className: 'secondary', textContent: 'Cancel' });
    const choice = element('span', { className: 'reassign' }, [`Delete “${label.name}”; shapes that use it move to `, target, ' ', go, ' ', cancel]);
    if (!others.length) choice.replaceChildren(`Delete “${label.name}”? `, go, ' ', cancel);
    cell.replaceChildren(choice);
    cancel.addEventListener('click', () => this.render());
    go.addEventListener('click', async () => {
      const query = others.length ? `?reassign_to=${encodeURIComponent(target.value)}` : '';
      try {
        await api(`/api/v1/labels/${label.id}${query}`, { method: 'DELETE' });
        say(`Label “${label.name}” deleted.`, 'notice');
      } catch (error) { say(error.message); }
      await this.load();
    });
  }
}
