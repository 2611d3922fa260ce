// The editor's sidebar: the labels to draw with, the image's tags, the shape list with the
// selected shape's label menu, and a detector's open suggestions. It shows what it is given and reports what the user chose; it
// changes nothing itself.
import { textColorOn } from '../color.js';
import { booleanKeys, completed, parseValue } from '../attributes.js';

const $ = (id) => document.getElementById(id);
const LIST_LIMIT = 200;  // shape list entries drawn at first; thousands of buttons would slow every change

function swatch(color) {
  const span = document.createElement('span');
  span.className = 'swatch';
  span.style.background = color;
  return span;
}

export class Sidebar {
  /**
   * `onChooseLabel(id)`: the label for the next shapes; `onToggleTag(id)`; `onSelectShape(index)`;
   * `onRelabel(index, labelId)`: the selected shape's menu; `onSetAttribute(index, name, value)`: its
   * attribute fields (a number or text as typed: the editor checks it); `onToggleView(set, key)`: an
   * eye or lock beside a shape (`hidden`, `locked`: its index) or a label (`hiddenLabels`,
   * `lockedLabels`: its id); `onRestack(toFront)`: the selected shape's Front and Back; `onFilter()`: the list's filter or
   * length changed (render again); `onPropagate(images)`: the selected shape to the next images; `onFocusSuggestion(s)`,
   * `onAcceptSuggestion(s)`, `onRejectSuggestion(s)`, `onAcceptLikely()`, `onRejectAll()`.
   */
  constructor(handlers) {
    Object.assign(this, handlers);
    this.filterLabelId = null;  // the shape list shows only this label's shapes, when set
    this.listLimit = LIST_LIMIT;
  }

  /** The open suggestions, best first, each with accept and reject; hidden when there are none. */
  renderSuggestions({ open, byId, focusedId, likely, readOnly }) {
    $('suggestions-panel').hidden = open.length === 0;
    const likelyCount = open.filter(likely).length;
    $('suggestion-count').textContent = `(${open.length})`;
    $('accept-likely').textContent = `Accept likely (${likelyCount})`;
    $('accept-likely').disabled = readOnly || likelyCount === 0;
    $('reject-all').disabled = readOnly;
    $('accept-likely').onclick = () => this.onAcceptLikely();
    $('reject-all').onclick = () => this.onRejectAll();
    $('suggestion-list').replaceChildren(...open.map((suggestion) => {
      const li = document.createElement('li');
      li.className = `suggested${suggestion.id === focusedId ? ' current' : ''}${likely(suggestion) ? '' : ' unlikely'}`;
      const focus = document.createElement('button');
      focus.type = 'button';
      focus.className = suggestion.id === focusedId ? 'current' : '';
      const text = document.createElement('span');
      text.textContent = `${byId.get(suggestion.label_id)?.name ?? '?'} · ${Math.round(suggestion.score * 100)}%`;
      focus.append(swatch(byId.get(suggestion.label_id)?.color ?? '#888'), text);
      focus.title = suggestion.source ? `Proposed by ${suggestion.source} (imported)` : `Proposed by model version ${suggestion.model_version_id}`;
      focus.addEventListener('click', () => this.onFocusSuggestion(suggestion));
      const accept = this.smallButton('✓', 'Accept (Enter)', () => this.onAcceptSuggestion(suggestion), readOnly);
      const reject = this.smallButton('✕', 'Reject (X)', () => this.onRejectSuggestion(suggestion), readOnly);
      li.append(focus, accept, reject);
      return li;
    }));
  }

  smallButton(text, title, action, disabled) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'icon';
    button.textContent = text;
    button.title = title;
    button.setAttribute('aria-label', title);
    button.disabled = disabled;
    button.addEventListener('click', action);
    return button;
  }

  /** `labels` in the project's order, `byId` the same as a Map; `model` the document. */
  render({ labels, byId, currentLabelId, model, readOnly }) {
    $('no-labels').hidden = labels.length > 0;
    $('labels').replaceChildren(...labels.map((label) => this.labelButton(label, label.id === currentLabelId, model)));
    $('tags').replaceChildren(...labels.map((label) => {
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.textContent = label.name;
      chip.style.setProperty('--chip', label.color);
      chip.style.setProperty('--chip-text', textColorOn(label.color));
      chip.setAttribute('aria-pressed', String(model.hasTag(label.id)));
      chip.addEventListener('click', () => this.onToggleTag(label.id));
      chip.disabled = readOnly;
      return chip;
    }));
    const drawn = model.shapes.map((shape, index) => ({ shape, index })).filter(({ shape }) => shape.type !== 'tag');
    this.renderFilter(labels, drawn);
    const listed = drawn.filter(({ shape }) => this.filterLabelId === null || shape.label_id === this.filterLabelId);
    $('shape-count').textContent = listed.length === drawn.length ? `(${drawn.length})` : `(${listed.length} of ${drawn.length})`;
    // The selection is always listed, even past the limit.
    const shown = listed.filter(({ index }, at) => at < this.listLimit || index === model.selected);
    $('shapes-more').hidden = shown.length >= listed.length;
    $('shapes-more').textContent = `Show all ${listed.length}`;
    $('shapes-more').onclick = () => { this.listLimit = Infinity; this.onFilter(); };
    $('shapes').replaceChildren(...shown.map(({ shape, index }) => {
      const selected = index === model.selected;
      const li = document.createElement('li');
      li.className = `${selected ? 'current' : ''}${model.isHidden(index) ? ' hidden-shape' : ''}`;
      li.dataset.index = index;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = selected ? 'current' : '';
      const text = document.createElement('span');
      const size = shape.type === 'bbox' ? `${Math.round(shape.w)}×${Math.round(shape.h)}` : `${shape.points.length} points`;
      text.textContent = `${byId.get(shape.label_id)?.name ?? '?'} · ${shape.type === 'bbox' ? 'box' : 'polygon'} ${size}`;
      button.append(swatch(byId.get(shape.label_id)?.color ?? '#888'), text);
      button.addEventListener('click', () => this.onSelectShape(index));
      li.append(button,
        this.viewToggle('hide', 'Hide this shape (H)', model.hidden.has(index), () => this.onToggleView('hidden', index)),
        this.viewToggle('lock', 'Lock this shape (K)', model.locked.has(index), () => this.onToggleView('locked', index)));
      if (selected) {
        const stack = document.createElement('div');
        stack.className = 'row restack';
        stack.append(this.smallButton('Front', 'Bring to the front (End)', () => this.onRestack(true), readOnly),
          this.smallButton('Back', 'Send to the back (Home)', () => this.onRestack(false), readOnly));
        li.append(stack, this.propagateRow(readOnly));
        li.append(this.relabelPicker(labels, shape, index, readOnly));
        const schema = byId.get(shape.label_id)?.attributes ?? [];
        if (schema.length) li.append(this.attributeFields(schema, shape, index, readOnly));
      }
      return li;
    }));
    $('undo').disabled = !model.canUndo;
    $('redo').disabled = !model.canRedo;
  }

  /** "Propagate to the next [k] images": the selected shape added to each, clamped (Ctrl+B). */
  propagateRow(readOnly) {
    const row = document.createElement('div');
    row.className = 'row propagate';
    const images = document.createElement('input');
    images.type = 'number';
    images.min = '1';
    images.max = '100';
    images.value = String(this.propagateCount ?? 5);
    images.id = 'propagate-count';
    images.setAttribute('aria-label', 'How many next images');
    images.addEventListener('change', () => { this.propagateCount = Math.min(100, Math.max(1, Number(images.value) || 5)); });
    const go = this.smallButton('Propagate', 'Add this shape to the next images (Ctrl+B)', () => this.onPropagate(this.propagateCount ?? 5), readOnly);
    go.id = 'propagate';
    const before = document.createElement('span');
    before.textContent = 'to the next';
    const after = document.createElement('span');
    after.textContent = 'images';
    row.append(go, before, images, after);
    return row;
  }

  /** The shape list's label filter: every label with shapes here, and "All". */
  renderFilter(labels, drawn) {
    const used = labels.filter((label) => drawn.some(({ shape }) => shape.label_id === label.id));
    if (this.filterLabelId !== null && !used.some((l) => l.id === this.filterLabelId)) this.filterLabelId = null;
    const select = $('shape-filter');
    const options = [['', `All labels (${drawn.length})`],
      ...used.map((label) => [String(label.id), `${label.name} (${drawn.filter(({ shape }) => shape.label_id === label.id).length})`])];
    select.replaceChildren(...options.map(([value, text]) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = text;
      return option;
    }));
    select.value = this.filterLabelId === null ? '' : String(this.filterLabelId);
    select.hidden = drawn.length === 0;
    select.onchange = () => {
      this.filterLabelId = select.value === '' ? null : Number(select.value);
      this.listLimit = LIST_LIMIT;
      this.onFilter();
    };
  }

  /** An eye or a lock: pressed when the shape or label is hidden or locked. */
  viewToggle(kind, title, pressed, action) {
    const button = this.smallButton(kind === 'hide' ? '👁' : '🔒', title, action, false);
    button.classList.add(`toggle-${kind}`);
    button.setAttribute('aria-pressed', String(pressed));
    return button;
  }

  labelButton(label, current, model) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = current ? 'current' : '';
    const name = document.createElement('span');
    name.textContent = label.name;
    button.append(swatch(label.color), name);
    if (label.hotkey) {
      const kbd = document.createElement('kbd');
      kbd.textContent = label.hotkey;
      button.append(kbd);
    }
    button.addEventListener('click', () => this.onChooseLabel(label.id));
    li.append(button,
      this.viewToggle('hide', `Hide every ${label.name}`, model.hiddenLabels.has(label.id), () => this.onToggleView('hiddenLabels', label.id)),
      this.viewToggle('lock', `Lock every ${label.name}`, model.lockedLabels.has(label.id), () => this.onToggleView('lockedLabels', label.id)));
    li.dataset.labelId = label.id;
    return li;
  }

  /** The selected shape's attributes: a checkbox (with its Q/W/E/R key), a menu, a number or a text
   * field each, showing the value set or the default (drawn muted until set). */
  attributeFields(schema, shape, index, readOnly) {
    const keys = new Map(booleanKeys(schema).map(({ key, spec }) => [spec.name, key]));
    const fieldset = document.createElement('fieldset');
    fieldset.className = 'attributes';
    const legend = document.createElement('legend');
    legend.textContent = 'Attributes';
    fieldset.append(legend);
    for (const { spec, value, set } of completed(shape.attributes, schema)) {
      const label = document.createElement('label');
      label.className = set ? 'attribute' : 'attribute unset';
      label.dataset.attribute = spec.name;
      const name = document.createElement('span');
      name.textContent = spec.name;
      let input;
      if (spec.kind === 'boolean') {
        input = document.createElement('input');
        input.type = 'checkbox';
        input.checked = value === true;
        input.addEventListener('change', () => this.onSetAttribute(index, spec.name, input.checked));
        label.append(input, name);
        if (keys.has(spec.name)) {
          const kbd = document.createElement('kbd');
          kbd.textContent = keys.get(spec.name);
          label.append(kbd);
        }
      } else {
        if (spec.kind === 'choice') {
          input = document.createElement('select');
          for (const option of spec.options ?? []) {
            const item = document.createElement('option');
            item.value = item.textContent = option;
            input.append(item);
          }
          input.value = value;
        } else {
          input = document.createElement('input');
          input.type = spec.kind === 'number' ? 'number' : 'text';
          if (spec.kind === 'number') {
            input.step = 'any';
            if (spec.min !== undefined && spec.min !== null) input.min = String(spec.min);
            if (spec.max !== undefined && spec.max !== null) input.max = String(spec.max);
          } else input.maxLength = 500;
          input.value = String(value);
        }
        input.addEventListener('change', () => this.onSetAttribute(index, spec.name, parseValue(spec, input.value)));
        label.append(name, input);
      }
      input.disabled = readOnly;
      input.setAttribute('aria-label', `${spec.name} of the selected shape`);
      fieldset.append(label);
    }
    return fieldset;
  }

  /** The sidebar's way to relabel the selected shape: a menu of the project's labels. */
  relabelPicker(labels, shape, index, readOnly) {
    const select = document.createElement('select');
    select.setAttribute('aria-label', 'Label of the selected shape');
    select.title = 'Change this shape’s label (or Shift + the label’s key)';
    for (const label of labels) {
      const option = document.createElement('option');
      option.value = String(label.id);
      option.textContent = label.name;
      option.selected = label.id === shape.label_id;
      select.append(option);
    }
    select.addEventListener('change', () => this.onRelabel(index, Number(select.value)));
    select.disabled = readOnly;
    return select;
  }
}
