// The project page's editor of one label's attributes (occluded, colour, …): a row per attribute
// with its name, kind, options or range and default; add, remove, save. Saving replaces the
// label's attributes; values shapes hold that no longer fit are dropped, which the form says.
import { KINDS, specFromFields } from './attributes.js';

function element(tag, properties = {}, children = []) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

const KIND_TEXT = { boolean: 'yes/no', choice: 'one of a list', number: 'number', text: 'text' };

/** One attribute's fields; `kind` shows the fields that kind uses. */
function attributeRow(spec, onRemove) {
  const name = element('input', { value: spec.name ?? '', maxLength: 40, placeholder: 'e.g. occluded', className: 'attribute-name' });
  name.setAttribute('aria-label', 'Attribute name');
  const kind = element('select', { className: 'attribute-kind' },
    KINDS.map((k) => element('option', { value: k, textContent: KIND_TEXT[k] })));
  kind.value = spec.kind ?? 'boolean';
  kind.setAttribute('aria-label', 'Kind');
  const options = element('input', { value: (spec.options ?? []).join(', '), placeholder: 'red, green, blue', className: 'attribute-options' });
  options.setAttribute('aria-label', 'Options, comma-separated');
  const min = element('input', { type: 'number', step: 'any', value: spec.min ?? '', placeholder: 'min', className: 'attribute-min' });
  const max = element('input', { type: 'number', step: 'any', value: spec.max ?? '', placeholder: 'max', className: 'attribute-max' });
  min.setAttribute('aria-label', 'Minimum');
  max.setAttribute('aria-label', 'Maximum');
  const fallback = element('input', { value: spec.default === undefined ? '' : String(spec.default), placeholder: 'default', className: 'attribute-default' });
  fallback.setAttribute('aria-label', 'Default value');
  fallback.title = 'What a shape has until someone sets it (empty: no, the first option, the minimum or 0, empty text)';
  const remove = element('button', { type: 'button', className: 'link danger-text', textContent: 'Remove' });
  remove.addEventListener('click', onRemove);
  const show = () => {
    options.hidden = kind.value !== 'choice';
    min.hidden = max.hidden = kind.value !== 'number';
  };
  kind.addEventListener('change', show);
  show();
  const row = element('li', { className: 'attribute-row' }, [name, kind, options, min, max, fallback, remove]);
  row.read = () => specFromFields({ name: name.value, kind: kind.value, options: options.value, min: min.value, max: max.value,
    defaultText: fallback.value });
  return row;
}

/** The editor for `label`: `save(specs)` resolves when the server took them, and rejects with the API's error (its
 * message already shown), whose field the editor points at. */
export function attributeEditor(label, { save, close }) {
  const list = element('ol', { className: 'attribute-rows' });
  const add = (spec = {}) => {
    const row = attributeRow(spec, () => row.remove());
    list.append(row);
    return row;
  };
  for (const spec of label.attributes ?? []) add(spec);
  const addButton = element('button', { type: 'button', className: 'secondary', textContent: 'Add attribute' });
  addButton.addEventListener('click', () => add().querySelector('input').focus());
  const saveButton = element('button', { type: 'button', textContent: 'Save attributes' });
  const closeButton = element('button', { type: 'button', className: 'secondary', textContent: 'Close' });
  closeButton.addEventListener('click', close);
  const hint = element('p', { className: 'muted', textContent: 'Annotators set these for each shape of this label in the editor’s sidebar; '
    + 'Q, W and E flip the first three yes/no attributes. Removing an attribute or an option removes the values shapes hold for it.' });
  saveButton.addEventListener('click', async () => {
    saveButton.disabled = true;
    const rows = [...list.children].filter((row) => row.read().name !== '');
    for (const input of list.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    try {
      await save(rows.map((row) => row.read()));
    } catch (error) {
      // The server names the field at fault (attributes[1].options): point at it.
      const [, index, field] = /^attributes\[(\d+)\]\.(\w+)/.exec(error.field ?? '') ?? [];
      const input = rows[Number(index)]?.querySelector(`.attribute-${field === 'name' ? 'name' : field === 'default' ? 'default' : field}`);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      }
    } finally {
      saveButton.disabled = false;
    }
  });
  if (!(label.attributes ?? []).length) add();
  return element('div', { className: 'attribute-editor' }, [hint, list, element('div', { className: 'row' }, [addButton, saveButton, closeButton])]);
}
