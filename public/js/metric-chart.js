// The registry's metric chart: the model page marks a canvas with the metric's name and its value
// per version; chart.js draws it, as it draws a job's curves (one chart implementation).
import { drawChart } from './chart.js';

/** The series a marked canvas holds: [[version, value], …] in version order, non-numbers dropped. */
export function metricSeries(metric, pointsJSON) {
  let points;
  try {
    points = JSON.parse(pointsJSON);
  } catch {
    return [];
  }
  if (!Array.isArray(points)) return [];
  const clean = points.filter((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite));
  return [{ name: metric, color: '#2156c8', points: clean.sort((a, b) => a[0] - b[0]) }];
}

/** Draws every `canvas.metric-chart` under `root`. */
export function drawMetricCharts(root) {
  for (const canvas of root.querySelectorAll('canvas.metric-chart')) {
    const series = metricSeries(canvas.dataset.metric ?? '', canvas.dataset.points ?? '[]');
    drawChart(canvas, series, { yLabel: canvas.dataset.metric ?? '', xLabel: 'version', markers: true });
  }
}
