// A label's attributes in the browser: the same rules the server checks (Domain/Attributes), so the
// editor shows a value's problem before saving and drops values a label no longer has, and the
// project page turns its form's text into the specs the API takes. Pure: no DOM.

export const KINDS = Object.freeze(['boolean', 'choice', 'number', 'text']);
export const MAX_TEXT = 500;
const BOOLEAN_KEYS = ['Q', 'W', 'E'];

/** The value a shape has until someone sets it: the spec's default, or false, the first option, the range's start (or 0), ''. */
export function defaultValue(spec) {
  if (spec.default !== undefined && spec.default !== null) return spec.default;
  switch (spec.kind) {
    case 'boolean': return false;
    case 'choice': return spec.options?.[0] ?? '';
    case 'number': return Math.min(Math.max(0, spec.min ?? 0), spec.max ?? Infinity);
    default: return '';
  }
}

/** Why `value` does not fit `spec`, or null (the server's words). */
export function problem(spec, value) {
  switch (spec.kind) {
    case 'boolean': return typeof value === 'boolean' ? null : `${spec.name} is true or false.`;
    case 'choice': return (spec.options ?? []).includes(value) ? null : `${spec.name} is one of ${(spec.options ?? []).join(', ')}.`;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${spec.name} is a number.`;
      if (spec.min !== undefined && spec.min !== null && value < spec.min) return `${spec.name} is at least ${spec.min}.`;
      if (spec.max !== undefined && spec.max !== null && value > spec.max) return `${spec.name} is at most ${spec.max}.`;
      return null;
    default:
      if (typeof value !== 'string') return `${spec.name} is text.`;
      return value.length <= MAX_TEXT ? null : `${spec.name} is at most ${MAX_TEXT} characters.`;
  }
}

/** The values that still fit `schema` (a label's attributes): others are dropped, as the server drops them. */
export function conform(values, schema) {
  const kept = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    const spec = schema.find((s) => s.name === name);
    if (spec && problem(spec, value) === null) kept[name] = value;
  }
  return kept;
}

/** Each attribute of `schema` with the shape's value or the default: what the sidebar shows. */
export function completed(values, schema) {
  return schema.map((spec) => {
    const set = values?.[spec.name];
    const usable = set !== undefined && problem(spec, set) === null;
    return { spec, value: usable ? set : defaultValue(spec), set: usable };
  });
}

/** Keys Q W E flip the first three yes/no attributes of the selected shape's label (R repeats the previous image): [{key, spec}]. */
export function booleanKeys(schema) {
  return schema.filter((spec) => spec.kind === 'boolean').slice(0, BOOLEAN_KEYS.length)
    .map((spec, index) => ({ key: BOOLEAN_KEYS[index], spec }));
}

/** The text field a number or choice is typed into, read as the value it stands for. */
export function parseValue(spec, text) {
  if (spec.kind === 'number') return text.trim() === '' ? NaN : Number(text);
  if (spec.kind === 'boolean') return text === true || text === 'true';
  return text;
}

/** A spec from the project page's form fields (options one per line or comma-separated). Fields
 * the kind does not use are left out, so the API sees only what applies. */
export function specFromFields({ name, kind, options = '', min = '', max = '', defaultText = '' }) {
  const spec = { name: name.trim(), kind };
  if (kind === 'choice') spec.options = options.split(/[\n,]/).map((o) => o.trim()).filter(Boolean);
  if (kind === 'number') {
    if (String(min).trim() !== '') spec.min = Number(min);
    if (String(max).trim() !== '') spec.max = Number(max);
  }
  const text = String(defaultText).trim();
  if (text !== '') spec.default = kind === 'number' ? Number(text) : kind === 'boolean' ? text === 'true' || text === 'yes' : text;
  return spec;
}

/** One line saying what an attribute allows: "choice: red, blue", "number 0–8", "yes/no". */
export function describe(spec) {
  switch (spec.kind) {
    case 'boolean': return 'yes/no';
    case 'choice': return `choice: ${(spec.options ?? []).join(', ')}`;
    case 'number': {
      const has = (v) => v !== undefined && v !== null;
      if (has(spec.min) && has(spec.max)) return `number ${spec.min}–${spec.max}`;
      if (has(spec.min)) return `number ≥ ${spec.min}`;
      if (has(spec.max)) return `number ≤ ${spec.max}`;
      return 'number';
    }
    default: return 'text';
  }
}
