// Image adjustments as the editor applies them: brightness, contrast, gamma and invert turned into one
// lookup table per channel value, applied to the pixels drawn (never to the file). Pure: no DOM.

export const NEUTRAL = Object.freeze({ brightness: 0, contrast: 0, gamma: 1, invert: false });
export const RANGES = Object.freeze({ brightness: [-100, 100], contrast: [-100, 100], gamma: [0.2, 5] });

const clamp = (value, [low, high]) => Math.min(high, Math.max(low, value));

/** Settings with every field present and in range (as the server accepts them). */
export function normalized(settings = {}) {
  const number = (name) => {
    const value = Number(settings[name]);
    return Number.isFinite(value) ? clamp(value, RANGES[name]) : NEUTRAL[name];
  };
  return { brightness: number('brightness'), contrast: number('contrast'), gamma: number('gamma'), invert: settings.invert === true };
}

export function isNeutral(settings) {
  const s = normalized(settings);
  return s.brightness === 0 && s.contrast === 0 && s.gamma === 1 && !s.invert;
}

/** 256 output values for each input value: gamma, then contrast about the middle, then brightness, then invert. */
export function lookupTable(settings) {
  const { brightness, contrast, gamma, invert } = normalized(settings);
  const table = new Uint8ClampedArray(256);
  const spread = (100 + contrast) / 100;
  for (let v = 0; v < 256; v += 1) {
    let x = Math.pow(v / 255, 1 / gamma);
    x = (x - 0.5) * spread + 0.5 + brightness / 100;
    x = Math.min(1, Math.max(0, x));
    table[v] = Math.round((invert ? 1 - x : x) * 255);
  }
  return table;
}

/** Applies `table` to RGBA `pixels` in place (alpha untouched). */
export function applyTable(pixels, table) {
  for (let i = 0; i < pixels.length; i += 4) {
    pixels[i] = table[pixels[i]];
    pixels[i + 1] = table[pixels[i + 1]];
    pixels[i + 2] = table[pixels[i + 2]];
  }
  return pixels;
}

/** One line for the toolbar: "Adjusted: brightness +20, gamma 1.4, inverted", or "" when neutral. */
export function describe(settings) {
  const s = normalized(settings);
  const parts = [];
  if (s.brightness) parts.push(`brightness ${s.brightness > 0 ? '+' : ''}${s.brightness}`);
  if (s.contrast) parts.push(`contrast ${s.contrast > 0 ? '+' : ''}${s.contrast}`);
  if (s.gamma !== 1) parts.push(`gamma ${s.gamma}`);
  if (s.invert) parts.push('inverted');
  return parts.join(', ');
}
