// A small line chart on a canvas: several series against epochs, with axes and a legend. No library.

// The legend sits under the axis, outside the plot, so it never covers a line.
const PAD = { left: 48, right: 12, top: 10, bottom: 46 };

/** The canvas sized to its box at the screen's pixel ratio, cleared: its context and size in CSS pixels. */
function clearedCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth, height = canvas.clientHeight;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  g.clearRect(0, 0, width, height);
  return { g, width, height };
}

/** Draws `series` ([{name, color, points: [[x, y], …]}]) on `canvas`; y from 0 unless values go below. */
export function drawChart(canvas, series, { yLabel = '', yMax = null, xLabel = 'epoch', markers = false } = {}) {
  const { g, width, height } = clearedCanvas(canvas);
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return;
  const xMax = Math.max(...all.map((p) => p[0]), 1), xMin = Math.min(...all.map((p) => p[0]));
  const top = yMax ?? (Math.max(...all.map((p) => p[1])) * 1.05 || 1);
  const bottom = Math.min(0, ...all.map((p) => p[1]));
  const x = (v) => PAD.left + ((v - xMin) / Math.max(xMax - xMin, 1)) * (width - PAD.left - PAD.right);
  const y = (v) => height - PAD.bottom - ((v - bottom) / (top - bottom)) * (height - PAD.top - PAD.bottom);
  g.strokeStyle = '#bbb';
  g.fillStyle = '#555';
  g.font = '11px system-ui, sans-serif';
  g.beginPath();
  g.moveTo(PAD.left, PAD.top);
  g.lineTo(PAD.left, height - PAD.bottom);
  g.lineTo(width - PAD.right, height - PAD.bottom);
  g.stroke();
  for (const fraction of [0, 0.5, 1]) {
    const value = bottom + fraction * (top - bottom);
    g.fillText(value.toPrecision(2), 4, y(value) + 4);
  }
  g.fillText(`${xLabel} ${xMin}–${xMax}`, width / 2 - 30, height - PAD.bottom + 16);
  let legendX = PAD.left;
  const legendY = height - 10;
  for (const s of series) {
    g.strokeStyle = s.color;
    g.lineWidth = 2;
    g.beginPath();
    s.points.forEach(([px, py], i) => (i ? g.lineTo(x(px), y(py)) : g.moveTo(x(px), y(py))));
    g.stroke();
    if (markers || s.points.length === 1) {
      g.fillStyle = s.color;
      for (const [px, py] of s.points) g.fillRect(x(px) - 3, y(py) - 3, 6, 6);
    }
    g.fillStyle = s.color;
    g.fillRect(legendX, legendY - 4, 12, 3);
    g.fillStyle = '#333';
    g.fillText(s.name, legendX + 16, legendY);
    legendX += g.measureText(s.name).width + 30;
  }
  canvas.setAttribute('aria-label', `${yLabel}: ${series.map((s) => `${s.name} ${s.points.length ? s.points[s.points.length - 1][1].toPrecision(3) : '—'}`).join(', ')}`);
}

/** Draws labelled bars ([{label, value}]) on `canvas`, tallest to scale; the label under each bar. */
export function drawBars(canvas, bars, { yLabel = '', color = '#2156c8' } = {}) {
  const { g, width, height } = clearedCanvas(canvas);
  if (bars.length === 0) return;
  const top = Math.max(...bars.map((b) => b.value), 1);
  const plotHeight = height - PAD.top - PAD.bottom;
  const slot = (width - PAD.left - PAD.right) / bars.length;
  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#555';
  g.fillText(String(top), 4, PAD.top + 4);
  g.fillText('0', 4, height - PAD.bottom);
  bars.forEach((bar, i) => {
    const h = (bar.value / top) * plotHeight;
    const x = PAD.left + i * slot;
    g.fillStyle = color;
    g.fillRect(x + 2, height - PAD.bottom - h, Math.max(slot - 4, 1), h);
    g.fillStyle = '#333';
    g.save();
    g.translate(x + slot / 2, height - PAD.bottom + 6);
    g.rotate(Math.PI / 5);
    g.fillText(bar.label, 0, 4);
    g.restore();
  });
  canvas.setAttribute('aria-label', `${yLabel}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}`);
}
