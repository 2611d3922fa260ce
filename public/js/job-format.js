// Shared by the jobs list and the job page: how states, progress and numbers read.

/** A detector job (or version) scores by average precision, not accuracy. */
export const isDetector = (config) => config?.architecture === 'detector';

export const finished = (job) => ['succeeded', 'failed', 'cancelled'].includes(job.state);

export const percent = (fraction) => `${Math.round(fraction * 100)}%`;

/** A number to `digits` decimals, or a dash for a missing value. */
export const fixed = (value, digits = 3) => (value == null || Number.isNaN(value) ? '—' : Number(value).toFixed(digits));

/** "train: cnn on tags, 64 px, 30 epochs", "search: mlp on tags, 64 px, 6 trials", "trial 2 of search #5: cnn, 64 px" */
export const describeJob = (job) => {
  const { config } = job;
  if (job.kind === 'score') return `score: rank open images${config.model_version ? ` with model version #${config.model_version}` : ''}`;
  if (job.kind === 'predict') return `predict: propose boxes on ${config.status ?? 'open'} images with model version #${config.model_version}`;
  if (job.kind === 'batch') {
    const model = config.model ?? `model version #${config.model_version}`;
    const over = { project: `the project's ${config.status ? `${config.status} ` : ''}images`, snapshot: `snapshot #${config.snapshot}`, archive: 'an uploaded archive' };
    return `batch: ${model} over ${over[config.source] ?? config.source}`;
  }
  if (job.kind === 'trial') return `trial ${config.trial + 1} of search #${config.search_job}: ${config.config.architecture}, ${config.config.input_size} px`;
  const length = job.kind === 'search' ? `${config.search?.trials ?? '?'} trials` : `${config.epochs} epochs`;
  const data = isDetector(config) ? 'boxes' : config.source;
  return `${job.kind}: ${config.architecture} on ${data}, ${config.input_size} px, ${length}`;
};

/** "12.4 kB": a file size for people. */
export const fileSize = (bytes) => (bytes < 1000 ? `${bytes} B` : bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

/** One line about a registered version: a detector's AP, or a classifier's accuracy and F1. */
export function versionSummary(version) {
  const m = version.metrics;
  const head = `${version.model_name} version ${version.version} (stage ${version.stage}): `;
  const tail = `best epoch ${m.best_epoch} of ${m.epochs_run}. Artifact sha256 ${version.artifact_sha256}.`;
  if (m.ap50 !== undefined) {
    return `${head}AP50 ${percent(m.ap50)}, AP ${percent(m.ap)}, AP75 ${percent(m.ap75)} on ${m.validation_samples} validation images `
      + `(${m.train_samples} training images, ${m.boxes} boxes), ${tail}`;
  }
  return `${head}validation accuracy ${percent(m.validation_accuracy)}, macro F1 ${fixed(m.macro_f1)}, `
    + `${m.train_samples} training and ${m.validation_samples} validation samples, ${tail}`;
}

/** A learning rate or other small number, to 3 significant digits. */
export const significant = (value) => String(Number(Number(value).toPrecision(3)));

/** A table row of text cells; `cells` may hold strings or ready-made nodes. */
export function row(cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    if (cell instanceof Node) td.append(cell); else td.textContent = cell;
    tr.append(td);
  }
  return tr;
}

export function link(href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}
