// Colour helpers shared by pages: readable text on a label's colour.

/** Relative luminance (WCAG) of `#rrggbb`. */
export function luminance(hex) {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

/** Near-black or white, whichever contrasts more with the background `#rrggbb`. */
export function textColorOn(hex) {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return '#111';
  const background = luminance(hex);
  const onDark = (1.05) / (background + 0.05);
  const onLight = (background + 0.05) / (luminance('#111111') + 0.05);
  return onLight >= onDark ? '#111' : '#fff';
}
