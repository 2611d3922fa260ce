// A search's trials against each other: one vertical axis per parameter that varied and one for the
// validation loss, each trial a line through its values (best darkest, stopped ones dashed). The
// layout is pure (tested with node); `renderParallelCoordinates` draws it as SVG.

const label = (value) => (Array.isArray(value) ? value.join('·') : String(Number.isFinite(value) ? Number(value.toPrecision(3)) : value));
const key = (value) => JSON.stringify(value);

/** Compares parameter values: numbers by size, lists by length then members. */
function compare(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) return a.length - b.length || a.reduce((d, v, i) => d || v - b[i], 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Axes and lines for trials ({trial, parameters, validation_loss, outcome}) in a width × height box:
 * parameter axes place their distinct values evenly (learning rates are log-spaced, backbones are
 * lists), the loss axis is linear with the lowest loss at the top. Failed trials have no line.
 */
export function parallelCoordinates(trials, { width, height, margin = 28 }) {
  const scored = trials.filter((t) => t.outcome !== 'failed');
  const names = [...new Set(trials.flatMap((t) => Object.keys(t.parameters)))].sort()
    .filter((name) => new Set(trials.map((t) => key(t.parameters[name]))).size > 1);
  const columns = names.length + 1;
  const x = (i) => margin + (columns === 1 ? 0 : (i * (width - 2 * margin)) / (columns - 1));
  const top = margin, bottom = height - margin;
  const axes = names.map((name, i) => {
    const values = [...new Map(trials.map((t) => [key(t.parameters[name]), t.parameters[name]])).values()].sort(compare);
    const y = (value) => {
      const at = values.findIndex((v) => key(v) === key(value));
      return values.length === 1 ? (top + bottom) / 2 : bottom - (at * (bottom - top)) / (values.length - 1);
    };
    return { name, x: x(i), ticks: values.map((v) => ({ label: label(v), y: y(v) })), y };
  });
  const losses = scored.map((t) => t.validation_loss);
  const [low, high] = [Math.min(...losses), Math.max(...losses)];
  const lossY = (loss) => (high === low ? (top + bottom) / 2 : top + ((loss - low) * (bottom - top)) / (high - low));
  const lossAxis = { name: 'validation loss', x: x(names.length), y: lossY,
    ticks: scored.length ? [{ label: label(low), y: lossY(low) }, { label: label(high), y: lossY(high) }] : [] };
  const lines = scored.map((t) => ({
    trial: t.trial, outcome: t.outcome, loss: t.validation_loss,
    shade: high === low ? 1 : 1 - (t.validation_loss - low) / (high - low),
    points: [...axes.map((axis) => [axis.x, axis.y(t.parameters[axis.name])]), [lossAxis.x, lossY(t.validation_loss)]],
  }));
  return { axes: [...axes, lossAxis].map(({ name, x: ax, ticks }) => ({ name, x: ax, ticks })), lines };
}

const SVG = 'http://www.w3.org/2000/svg';
function node(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Draws the plot into `svg` (its viewBox sets the size). */
export function renderParallelCoordinates(svg, trials) {
  const [width, height] = [720, 260];
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const { axes, lines } = parallelCoordinates(trials, { width, height });
  const children = [];
  for (const line of [...lines].sort((a, b) => a.shade - b.shade)) {
    const path = node('polyline', {
      points: line.points.map((p) => p.join(',')).join(' '), fill: 'none', 'stroke-width': line.shade === 1 ? 3 : 1.5,
      stroke: `hsl(220, 70%, ${70 - 45 * line.shade}%)`, class: `trial ${line.outcome}`,
      ...(line.outcome === 'pruned' ? { 'stroke-dasharray': '5 4' } : {}),
    });
    path.append(node('title', {}, `trial ${line.trial + 1}: loss ${label(line.loss)}${line.outcome === 'pruned' ? ' (stopped early)' : ''}`));
    children.push(path);
  }
  for (const axis of axes) {
    children.push(node('line', { x1: axis.x, x2: axis.x, y1: 20, y2: height - 20, stroke: '#889', 'stroke-width': 1 }));
    children.push(node('text', { x: axis.x, y: 12, 'text-anchor': 'middle', class: 'axis-name' }, axis.name.replaceAll('_', ' ')));
    for (const tick of axis.ticks) children.push(node('text', { x: axis.x + 4, y: tick.y + 4, class: 'tick' }, tick.label));
  }
  svg.replaceChildren(...children);
}
