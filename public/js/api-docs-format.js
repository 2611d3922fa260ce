// How the API docs page reads the OpenAPI document: operations in tag order, a search over them, and a
// curl example for each with the reader's own token left as a placeholder. Pure: the page module draws.

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation, grouped by the document's tags in their order, paths sorted within a tag. */
export function operations(document) {
  const order = (document.tags ?? []).map((t) => t.name);
  const list = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) list.push({ method: method.toUpperCase(), path, tag: op.tags?.[0] ?? 'Other', ...op });
    }
  }
  const rank = (tag) => (order.includes(tag) ? order.indexOf(tag) : order.length);
  return list.sort((a, b) => rank(a.tag) - rank(b.tag) || a.path.localeCompare(b.path) || METHODS.indexOf(a.method.toLowerCase()) - METHODS.indexOf(b.method.toLowerCase()));
}

/** Whether an operation matches every word of the query (method, path, tag, access, summary). */
export function matches(op, query) {
  const text = `${op.method} ${op.path} ${op.tag} ${op['x-loupe-access'] ?? ''} ${op.summary ?? ''}`.toLowerCase();
  return query.toLowerCase().split(/\s+/).filter(Boolean).every((word) => text.includes(word));
}

/** Who may call it, in words. */
export function accessText(op) {
  if (!op.security || op.security.length === 0) return 'Open: no credentials needed.';
  const csrf = op.security.some((s) => 'csrf' in s);
  return `A bearer token, or a signed-in browser${csrf ? ' sending its X-CSRF-Token header' : ''}. Access rule: ${op['x-loupe-access']}.`;
}

/** A curl command for the operation: path parameters as placeholders, $LOUPE_TOKEN for the token. */
export function curlExample(op, origin) {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name) => `<${name}>`);
  const parts = ['curl'];
  if (op.method !== 'GET') parts.push(`-X ${op.method}`);
  if (op.security?.length) parts.push('-H "Authorization: Bearer $LOUPE_TOKEN"');
  const content = Object.keys(op.requestBody?.content ?? {});
  if (content.includes('image/jpeg')) {
    parts.push("-H 'Content-Type: image/jpeg' --data-binary @photo.jpg");
  } else if (content.includes('multipart/form-data')) {
    parts.push('-F file=@model.loupe');
  } else if (content.includes('application/json')) {
    // The document's example body when it has one; quotes in it are escaped for the shell.
    const example = JSON.stringify(op.requestBody.content['application/json'].example ?? {}).replaceAll("'", "'\\''");
    parts.push(`-H 'Content-Type: application/json' -d '${example}'`);
  }
  parts.push(`'${origin}${path}'`);
  return parts.join(' ');
}

/** The statuses an operation answers, with their meaning from the document's shared responses. */
export function responseRows(op, document) {
  return Object.entries(op.responses ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([status, response]) => {
    const ref = response.$ref?.split('/').pop();
    const description = ref ? document.components?.responses?.[ref]?.description : response.description;
    return [status, description ?? ''];
  });
}

/** A schema's type in words: `string`, `integer or null`, `list of Label`, `one of a, b`, `Project`. */
export function typeText(schema) {
  if (!schema) return '';
  if (schema.$ref) return schema.$ref.split('/').pop();
  if (schema.enum) return `one of ${schema.enum.map((v) => (v === null ? 'null' : v)).join(', ')}`;
  if (schema.anyOf) return schema.anyOf.map(typeText).join(' or ');
  const types = [schema.type ?? 'any'].flat();
  return types.map((type) => (type === 'array' ? `list of ${typeText(schema.items) || 'any'}` : type)).join(' or ');
}

/** The JSON body's members as rows: [name, type, required or optional]; a shared shape is looked up. */
export function bodyRows(op, document) {
  let schema = op.requestBody?.content?.['application/json']?.schema;
  if (schema?.$ref) schema = document.components?.schemas?.[schema.$ref.split('/').pop()];
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {}).sort(([a], [b]) => Number(required.has(b)) - Number(required.has(a)) || a.localeCompare(b))
    .map(([name, member]) => [name, typeText(member), required.has(name) ? 'required' : 'optional']);
}

/** What each success answers, e.g. "201: Project" or "200: {projects}". */
export function answerText(op) {
  return Object.entries(op.responses ?? {}).filter(([status]) => status.startsWith('2')).map(([status, response]) => {
    const [type, media] = Object.entries(response.content ?? {})[0] ?? [];
    if (!type) return `${status}: no body`;
    if (type !== 'application/json') return `${status}: ${Object.keys(response.content).join(' or ')}`;
    const schema = media.schema ?? {};
    const shape = schema.$ref ? typeText(schema) : `{${Object.keys(schema.properties ?? {}).join(', ')}}`;
    return `${status}: ${shape}`;
  }).join('; ');
}
