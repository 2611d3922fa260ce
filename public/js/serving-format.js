// How the model page's serving figures read: the live split, requests per minute per version, the
// usage table and the drift table. Pure: the page module fetches and draws.

export const VERSION_COLORS = ['#2156c8', '#d9480f', '#2b8a3e', '#862e9c', '#e67700', '#0b7285'];

/** Each version's share of the requests in the last `minutes` minutes before `now` ([{version, requests, share}], biggest first). */
export function liveSplit(points, now, minutes = 5) {
  const since = now - minutes * 60_000;
  const totals = new Map();
  for (const point of points) {
    if (Date.parse(point.minute) >= since) totals.set(point.version, (totals.get(point.version) ?? 0) + point.requests);
  }
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals.entries()].map(([version, requests]) => ({ version, requests, share: all ? requests / all : 0 }))
    .sort((a, b) => b.requests - a.requests || a.version - b.version);
}

/** Chart series: one per version, [minutes after the first point, requests]. */
export function requestSeries(points) {
  if (points.length === 0) return [];
  const start = Math.min(...points.map((p) => Date.parse(p.minute)));
  const versions = [...new Set(points.map((p) => p.version))].sort((a, b) => a - b);
  return versions.map((version, i) => ({
    name: `v${version}`, color: VERSION_COLORS[i % VERSION_COLORS.length],
    points: points.filter((p) => p.version === version).map((p) => [(Date.parse(p.minute) - start) / 60_000, p.requests]),
  }));
}

const percent = (x) => (x == null ? '—' : `${(x * 100).toFixed(1)} %`);
const ms = (x) => (x == null ? '—' : `≤ ${x} ms`);

/** The `n` largest entries of a count map, as "a 12, b 3". */
export function top(counts, n = 3) {
  return Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n)
    .map(([key, count]) => `${key} ${count}`).join(', ') || '—';
}

/** Table cells for each version and arm of the usage summary. */
export function usageRows(versions) {
  return versions.map((v) => [`v${v.version}`, v.arm, String(v.requests), v.errors ? `${v.errors} (${percent(v.errors / v.requests)})` : '0',
    ms(v.p50_ms), ms(v.p99_ms), percent(v.mean_confidence), top(v.labels), top(v.callers, 2)]);
}

/** One row per feature of each version's latest report; the verdict on its first row. */
export function driftRows(versions) {
  const number = (x, digits = 2) => (x == null ? '—' : Number(x).toFixed(digits));
  return versions.flatMap((v) => {
    const features = [...v.features.map((f) => [f.name, number(f.psi), number(f.ks_p_value, 3)]),
      ['answers', number(v.label_psi), '—'], ['embeddings (MMD)', '—', number(v.embedding_p_value, 3)]];
    return features.map((cells, i) => [i === 0 ? `v${v.version}` : '', i === 0 ? v.verdict : '', ...cells]);
  });
}

/** "v2 drift (max PSI 1.23), v3 stable" */
export function driftSummary(versions) {
  if (versions.length === 0) return 'No report yet: a version needs served traffic and a reference from its training.';
  return versions.map((v) => `v${v.version} ${v.verdict}${v.max_psi == null ? '' : ` (max PSI ${Number(v.max_psi).toFixed(2)})`}`).join(', ');
}

/** The latency histogram of every answering arm summed, as bars ("≤ 5 ms", "> 10000 ms"), empty buckets at the ends dropped. */
export function latencyBars(versions) {
  const answering = versions.filter((v) => v.arm !== 'shadow');
  if (answering.length === 0) return [];
  const bounds = answering[0].latency_buckets_ms;
  const counts = bounds.map((_, i) => answering.reduce((sum, v) => sum + v.latency_counts[i], 0));
  counts.push(answering.reduce((sum, v) => sum + v.latency_counts[bounds.length], 0));
  const bars = counts.map((value, i) => ({ label: i < bounds.length ? `≤ ${bounds[i]} ms` : `> ${bounds[bounds.length - 1]} ms`, value }));
  const first = bars.findIndex((b) => b.value > 0), last = bars.length - 1 - [...bars].reverse().findIndex((b) => b.value > 0);
  return first < 0 ? [] : bars.slice(first, last + 1);
}

/** Answers by label over every answering arm, most frequent first (at most `n`). */
export function answerBars(versions, n = 12) {
  const counts = {};
  for (const v of versions.filter((v) => v.arm !== 'shadow')) {
    for (const [label, count] of Object.entries(v.labels ?? {})) counts[label] = (counts[label] ?? 0) + count;
  }
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([label, value]) => ({ label, value }));
}
