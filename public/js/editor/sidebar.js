// The editor's sidebar: the labels to draw with, the image's tags, the shape list with the
// selected shape's label menu, and a detector's open suggestions. It shows what it is given and reports what the user chose; it
// changes nothing itself.
import { textColorOn } from '../color.js';
import { booleanKeys, completed, parseValue } from '../attributes.js';

const $ = (id) => document.getElementById(id);

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
   * attribute fields (a number or text as typed: the editor checks it); `onFocusSuggestion(s)`,
   * `onAcceptSuggestion(s)`, `onRejectSuggestion(s)`, `onAcceptLikely()`, `onRejectAll()`.
   */
  constructor(handlers) {
    Object.assign(this, handlers);
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
    $('labels').replaceChildren(...labels.map((label) => this.labelButton(label, label.id === currentLabelId)));
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
    $('shape-count').textContent = `(${drawn.length})`;
    $('shapes').replaceChildren(...drawn.map(({ shape, index }) => {
      const selected = index === model.selected;
      const li = document.createElement('li');
      li.className = selected ? 'current' : '';
      const button = document.createElement('button');
      button.type = 'button';
      button.className = selected ? 'current' : '';
      const text = document.createElement('span');
      const size = shape.type === 'bbox' ? `${Math.round(shape.w)}×${Math.round(shape.h)}` : `${shape.points.length} points`;
      text.textContent = `${byId.get(shape.label_id)?.name ?? '?'} · ${shape.type === 'bbox' ? 'box' : 'polygon'} ${size}`;
      button.append(swatch(byId.get(shape.label_id)?.color ?? '#888'), text);
      button.addEventListener('click', () => this.onSelectShape(index));
      li.append(button);
      if (selected) {
        li.append(this.relabelPicker(labels, shape, index, readOnly));
        const schema = byId.get(shape.label_id)?.attributes ?? [];
        if (schema.length) li.append(this.attributeFields(schema, shape, index, readOnly));
      }
      return li;
    }));
    $('undo').disabled = !model.canUndo;
    $('redo').disabled = !model.canRedo;
  }

  labelButton(label, current) {
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
    li.append(button);
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
