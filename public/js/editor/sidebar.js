// The editor's sidebar: the labels to draw with, the image's tags, and the shape list with the
// selected shape's label menu. It shows what it is given and reports what the user chose; it
// changes nothing itself.
import { textColorOn } from '../color.js';

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
   * `onRelabel(index, labelId)`: the selected shape's menu.
   */
  constructor({ onChooseLabel, onToggleTag, onSelectShape, onRelabel }) {
    Object.assign(this, { onChooseLabel, onToggleTag, onSelectShape, onRelabel });
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
      if (selected) li.append(this.relabelPicker(labels, shape, index, readOnly));
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
