#ifndef PNG_FIXTURES_H
#define PNG_FIXTURES_H
#include <stddef.h>

/// Encodes a PNG of any color type and bit depth. `samples` holds one byte per sample for depths
/// up to 8 (packed by libpng) and two big-endian bytes per sample for 16. For palette images
/// (color_type 3) samples are indices and `palette` holds palette_size RGB triplets; `trns` holds
/// trns_count alpha values (palette) or one gray/RGB 16-bit color key. Returns 0, or -1 when libpng
/// refuses; *out is malloc'd: release with free.
int fixture_png_encode(const unsigned char *samples, int width, int height, int color_type, int bit_depth,
                       int interlaced, const unsigned char *palette, int palette_size,
                       const unsigned char *trns, int trns_count, const unsigned short *trns_color,
                       unsigned char **out, size_t *out_size);

#endif
