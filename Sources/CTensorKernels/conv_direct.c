// Direct convolution for few input channels. With three input channels an im2col patch row is 27
// floats copied three at a time, and sgemm on K = 27 runs near a fifth of its peak; here each output
// pixel block keeps its sums in registers: 4 pixels × 8 outputs, one broadcast input and one weight
// vector per step. Each image is first copied into a zero-bordered buffer, so no tap is ever checked
// against the edges.
#include "tensor_kernels.h"

#include <stdlib.h>
#include <string.h>

enum { LANES = 8, PIXELS = 4, TAPS = 4 };

#define BODY static inline __attribute__((always_inline))

static int padded_height(const tk_conv_shape *s) { return s->height + 2 * s->padding; }
static int padded_width(const tk_conv_shape *s) { return s->width + 2 * s->padding; }

/// One image with `padding` zeros on every side.
static void pad_image(const tk_conv_shape *s, const float *image, float *padded) {
    const int pw = padded_width(s), c = s->channels;
    memset(padded, 0, sizeof(float) * (size_t)padded_height(s) * pw * c);
    for (int y = 0; y < s->height; y++) {
        memcpy(padded + ((size_t)(y + s->padding) * pw + s->padding) * c, image + (size_t)y * s->width * c,
               sizeof(float) * (size_t)s->width * c);
    }
}

/// Offsets of every tap (ky, kx, channel) from a patch's top-left corner, in weight-row order.
static void tap_offsets(const tk_conv_shape *s, int *offsets) {
    const int pw = padded_width(s), c = s->channels;
    int t = 0;
    for (int ky = 0; ky < s->kernel; ky++)
        for (int kx = 0; kx < s->kernel; kx++)
            for (int ci = 0; ci < c; ci++) offsets[t++] = (ky * pw + kx) * c + ci;
}

/// What every image of a call shares: its zero-bordered copy and the taps' offsets in it.
typedef struct {
    float *padded;
    int *offsets;
    int taps;
} scratch;

static scratch scratch_for(const tk_conv_shape *s) {
    scratch made = {malloc(sizeof(float) * (size_t)padded_height(s) * padded_width(s) * s->channels),
                    malloc(sizeof(int) * (size_t)s->kernel * s->kernel * s->channels), s->kernel * s->kernel * s->channels};
    tap_offsets(s, made.offsets);
    return made;
}

static void scratch_free(scratch *scratch) {
    free(scratch->offsets);
    free(scratch->padded);
}

/// `count` pixels along a row (count ≤ PIXELS, a constant where it matters), outputs [first, first+LANES).
BODY void forward_block(const tk_conv_shape *s, const int *offsets, int taps, const float *corner, int pixel_step,
                        const float *weights, const float *bias, int first, float *out, int count, int relu) {
    float acc[PIXELS][LANES];
    for (int p = 0; p < PIXELS; p++)
        for (int o = 0; o < LANES; o++) acc[p][o] = bias[first + o];
    for (int t = 0; t < taps; t++) {
        const float *w = weights + (size_t)t * s->outputs + first;
        const int offset = offsets[t];
        for (int p = 0; p < PIXELS; p++) {
            if (p >= count) break;
            const float v = corner[p * pixel_step + offset];
            for (int o = 0; o < LANES; o++) acc[p][o] += v * w[o];
        }
    }
    for (int p = 0; p < PIXELS; p++) {
        if (p >= count) break;
        for (int o = 0; o < LANES; o++) {
            const float value = acc[p][o];
            out[(size_t)p * s->outputs + first + o] = relu && value < 0 ? 0 : value;
        }
    }
}

/// The outputs past the last whole group of LANES, one pixel at a time.
static void forward_tail(const tk_conv_shape *s, const int *offsets, int taps, const float *corner, const float *weights,
                         const float *bias, int first, float *out, int relu) {
    for (int o = first; o < s->outputs; o++) {
        float sum = bias[o];
        for (int t = 0; t < taps; t++) sum += corner[offsets[t]] * weights[(size_t)t * s->outputs + o];
        out[o] = relu && sum < 0 ? 0 : sum;
    }
}

BODY void forward_body(const tk_conv_shape *s, int images, const float *x, const float *weights, const float *bias,
                       float *y, int relu) {
    const int pw = padded_width(s), c = s->channels, whole = s->outputs / LANES * LANES, step = s->stride * c;
    scratch work = scratch_for(s);
    const float *padded = work.padded;
    const int *offsets = work.offsets, taps = work.taps;
    for (int n = 0; n < images; n++) {
        pad_image(s, x + (size_t)n * s->height * s->width * c, work.padded);
        float *image_out = y + (size_t)n * s->output_height * s->output_width * s->outputs;
        for (int oy = 0; oy < s->output_height; oy++) {
            const float *row = padded + (size_t)oy * s->stride * pw * c;
            float *row_out = image_out + (size_t)oy * s->output_width * s->outputs;
            int ox = 0;
            for (; ox + PIXELS <= s->output_width; ox += PIXELS) {
                for (int first = 0; first < whole; first += LANES)
                    forward_block(s, offsets, taps, row + ox * step, step, weights, bias, first,
                                  row_out + (size_t)ox * s->outputs, PIXELS, relu);
            }
            for (; ox < s->output_width; ox++) {
                for (int first = 0; first < whole; first += LANES)
                    forward_block(s, offsets, taps, row + ox * step, step, weights, bias, first,
                                  row_out + (size_t)ox * s->outputs, 1, relu);
            }
            if (whole < s->outputs) {
                for (ox = 0; ox < s->output_width; ox++)
                    forward_tail(s, offsets, taps, row + ox * step, weights, bias, whole, row_out + (size_t)ox * s->outputs, relu);
            }
        }
    }
    scratch_free(&work);
}

/// Sums over one image's output pixels for TAPS taps × LANES outputs, held in registers, then added in.
BODY void gradient_block(const tk_conv_shape *s, const float *padded, const int *offsets, int first_tap, int taps,
                         const float *dy, int first, float *weight_gradients) {
    const int pw = padded_width(s), c = s->channels, step = s->stride * c;
    int tap_offset[TAPS];
    for (int j = 0; j < TAPS; j++) tap_offset[j] = first_tap + j < taps ? offsets[first_tap + j] : 0;
    float acc[TAPS][LANES] = {{0}};
    for (int oy = 0; oy < s->output_height; oy++) {
        const float *row = padded + (size_t)oy * s->stride * pw * c;
        const float *g = dy + (size_t)oy * s->output_width * s->outputs + first;
        for (int ox = 0; ox < s->output_width; ox++, g += s->outputs) {
            const float *corner = row + ox * step;
            for (int j = 0; j < TAPS; j++) {
                const float v = corner[tap_offset[j]];
                for (int o = 0; o < LANES; o++) acc[j][o] += v * g[o];
            }
        }
    }
    for (int j = 0; j < TAPS && first_tap + j < taps; j++)
        for (int o = 0; o < LANES; o++) weight_gradients[(size_t)(first_tap + j) * s->outputs + first + o] += acc[j][o];
}

BODY void gradients_body(const tk_conv_shape *s, int images, const float *x, const float *dy, float *weight_gradients) {
    const int pw = padded_width(s), c = s->channels, whole = s->outputs / LANES * LANES, step = s->stride * c;
    scratch work = scratch_for(s);
    const float *padded = work.padded;
    const int *offsets = work.offsets, taps = work.taps;
    for (int n = 0; n < images; n++) {
        pad_image(s, x + (size_t)n * s->height * s->width * c, work.padded);
        const float *image_dy = dy + (size_t)n * s->output_height * s->output_width * s->outputs;
        for (int first = 0; first < whole; first += LANES)
            for (int t = 0; t < taps; t += TAPS)
                gradient_block(s, padded, offsets, t, taps, image_dy, first, weight_gradients);
        for (int o = whole; o < s->outputs; o++) {  // outputs past the last whole group of LANES
            for (int t = 0; t < taps; t++) {
                float sum = 0;
                for (int oy = 0; oy < s->output_height; oy++)
                    for (int ox = 0; ox < s->output_width; ox++)
                        sum += padded[(size_t)oy * s->stride * pw * c + ox * step + offsets[t]] *
                               image_dy[((size_t)oy * s->output_width + ox) * s->outputs + o];
                weight_gradients[(size_t)t * s->outputs + o] += sum;
            }
        }
    }
    scratch_free(&work);
}

__attribute__((target("avx2,fma")))
static void forward_avx2(const tk_conv_shape *s, int images, const float *x, const float *w, const float *b, float *y, int relu) {
    forward_body(s, images, x, w, b, y, relu);
}

static void forward_generic(const tk_conv_shape *s, int images, const float *x, const float *w, const float *b, float *y, int relu) {
    forward_body(s, images, x, w, b, y, relu);
}

__attribute__((target("avx2,fma")))
static void gradients_avx2(const tk_conv_shape *s, int images, const float *x, const float *dy, float *dw) {
    gradients_body(s, images, x, dy, dw);
}

static void gradients_generic(const tk_conv_shape *s, int images, const float *x, const float *dy, float *dw) {
    gradients_body(s, images, x, dy, dw);
}

static int has_avx2_fma(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return known;
}

void tk_conv_forward(const tk_conv_shape *shape, int images, const float *x, const float *weights, const float *bias,
                     float *y, int relu) {
    (has_avx2_fma() ? forward_avx2 : forward_generic)(shape, images, x, weights, bias, y, relu);
}

void tk_conv_weight_gradients(const tk_conv_shape *shape, int images, const float *x, const float *dy, float *weight_gradients) {
    (has_avx2_fma() ? gradients_avx2 : gradients_generic)(shape, images, x, dy, weight_gradients);
}

const char *tk_kernel_variant(void) { return has_avx2_fma() ? "avx2+fma" : "generic"; }
