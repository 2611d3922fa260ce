// PNG through libpng: header reading and decoding every color type and depth to 8-bit RGB/RGBA.
// (The tests' encoder for every variant lives in Tests/CPNGFixtures.) libpng's errors longjmp back to the setjmp in each function;
// warnings are ignored, so nothing is ever printed or aborted by the library itself.
#include "ic.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

typedef struct ic_png_context {
    ic_error *error;
    const unsigned char *data;
    size_t size;
    size_t offset;
    int truncated;
} ic_png_context;

static void ic_png_set_error(ic_error *error, int code, const char *message) {
    if (!error) return;
    error->code = code;
    snprintf(error->message, sizeof error->message, "%s", message);
}

static void ic_png_error(png_structp png, png_const_charp message) {
    ic_png_context *context = png_get_error_ptr(png);
    int code = context->truncated ? IC_ERR_TRUNCATED : IC_ERR_CORRUPT;
    ic_png_set_error(context->error, code, context->truncated ? "the PNG data ends before the image does" : message);
    png_longjmp(png, 1);
}

static void ic_png_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void ic_png_read(png_structp png, png_bytep out, size_t length) {
    ic_png_context *context = png_get_io_ptr(png);
    if (context->size - context->offset < length) {
        context->truncated = 1;
        png_error(png, "truncated");
    }
    memcpy(out, context->data + context->offset, length);
    context->offset += length;
}

// MARK: - Reading

/// Prepares a read struct over memory. The caller must setjmp(png_jmpbuf(*png)) before any libpng call.
static int ic_png_open(ic_png_context *context, png_structp *png, png_infop *info) {
    if (context->size < 8 || png_sig_cmp(context->data, 0, 8) != 0) {
        ic_png_set_error(context->error, IC_ERR_CORRUPT, "not a PNG file (bad signature)");
        return -1;
    }
    *png = png_create_read_struct(PNG_LIBPNG_VER_STRING, context, ic_png_error, ic_png_warning);
    if (!*png) {
        ic_png_set_error(context->error, IC_ERR_NO_MEMORY, "out of memory");
        return -1;
    }
    *info = png_create_info_struct(*png);
    if (!*info) {
        png_destroy_read_struct(png, NULL, NULL);
        ic_png_set_error(context->error, IC_ERR_NO_MEMORY, "out of memory");
        return -1;
    }
    png_set_read_fn(*png, context, ic_png_read);
    return 0;
}

int ic_png_info(const unsigned char *data, size_t size, ic_info *out, ic_error *error) {
    ic_png_context context = { error, data, size, 0, 0 };
    png_structp png;
    png_infop info;
    if (ic_png_open(&context, &png, &info) != 0) return -1;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return -1;
    }
    png_read_info(png, info);
    int color_type = png_get_color_type(png, info);
    out->width = (int)png_get_image_width(png, info);
    out->height = (int)png_get_image_height(png, info);
    out->bit_depth = png_get_bit_depth(png, info);
    out->components = png_get_channels(png, info);
    if (color_type == PNG_COLOR_TYPE_PALETTE) out->components = png_get_valid(png, info, PNG_INFO_tRNS) ? 4 : 3;
    out->progressive = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

int ic_png_decode(const unsigned char *data, size_t size, long long max_pixels,
                  unsigned char **pixels, int *width, int *height, int *channels, ic_error *error) {
    ic_png_context context = { error, data, size, 0, 0 };
    png_structp png;
    png_infop info;
    unsigned char *volatile output = NULL;
    png_bytep *volatile rows = NULL;
    *pixels = NULL;
    if (ic_png_open(&context, &png, &info) != 0) return -1;
    if (setjmp(png_jmpbuf(png))) {
        free(output);
        free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        return -1;
    }
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if ((long long)w * (long long)h > max_pixels) {
        char text[200];
        snprintf(text, sizeof text, "%ux%u is %lld pixels; the limit is %lld", w, h, (long long)w * h, max_pixels);
        ic_png_set_error(error, IC_ERR_TOO_LARGE, text);
        png_destroy_read_struct(&png, &info, NULL);
        return -1;
    }
    int color_type = png_get_color_type(png, info);
    int has_alpha = (color_type & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS);
    // Everything to 8-bit RGB(A): expand palettes and low depths, tRNS to alpha, gray to RGB,
    // 16-bit scaled (rounded, not truncated) to 8.
    png_set_expand(png);
    png_set_scale_16(png);
    png_set_gray_to_rgb(png);
    if (!has_alpha) png_set_strip_alpha(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int out_channels = png_get_channels(png, info);
    size_t stride = png_get_rowbytes(png, info);
    if (out_channels != 3 && out_channels != 4) {
        ic_png_set_error(error, IC_ERR_UNSUPPORTED, "unexpected PNG layout after conversion");
        png_destroy_read_struct(&png, &info, NULL);
        return -1;
    }
    output = malloc(stride * h);
    rows = malloc(sizeof(png_bytep) * h);
    if (!output || !rows) png_error(png, "out of memory");
    for (png_uint_32 y = 0; y < h; y++) rows[y] = output + stride * y;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    *pixels = output;
    *width = (int)w;
    *height = (int)h;
    *channels = out_channels;
    return 0;
}

// MARK: - Reading row by row

struct ic_png_rows {
    ic_png_context context;
    png_structp png;
    png_infop info;
    int channels;       // after conversion: 3, or 4 when transparency is composited here
    unsigned char *row; // one converted row
    png_uint_32 width, height, next;
};

int ic_png_rows_open(const unsigned char *data, size_t size, long long max_pixels, ic_png_rows **out,
                     int *width, int *height, ic_error *error) {
    *out = NULL;
    ic_png_rows *rows = calloc(1, sizeof *rows);
    if (!rows) {
        ic_png_set_error(error, IC_ERR_NO_MEMORY, "out of memory");
        return -1;
    }
    rows->context = (ic_png_context){ error, data, size, 0, 0 };
    if (ic_png_open(&rows->context, &rows->png, &rows->info) != 0) {
        free(rows);
        return -1;
    }
    if (setjmp(png_jmpbuf(rows->png))) {
        png_destroy_read_struct(&rows->png, &rows->info, NULL);
        free(rows->row);
        free(rows);
        return -1;
    }
    png_read_info(rows->png, rows->info);
    rows->width = png_get_image_width(rows->png, rows->info);
    rows->height = png_get_image_height(rows->png, rows->info);
    if ((long long)rows->width * (long long)rows->height > max_pixels
        || png_get_interlace_type(rows->png, rows->info) != PNG_INTERLACE_NONE) {
        int interlaced = png_get_interlace_type(rows->png, rows->info) != PNG_INTERLACE_NONE;
        ic_png_set_error(error, interlaced ? IC_ERR_UNSUPPORTED : IC_ERR_TOO_LARGE,
                         interlaced ? "an interlaced PNG cannot be read row by row" : "the image has more pixels than allowed");
        png_destroy_read_struct(&rows->png, &rows->info, NULL);
        free(rows);
        return -1;
    }
    int color_type = png_get_color_type(rows->png, rows->info);
    int has_alpha = (color_type & PNG_COLOR_MASK_ALPHA) || png_get_valid(rows->png, rows->info, PNG_INFO_tRNS);
    png_set_expand(rows->png);
    png_set_scale_16(rows->png);
    png_set_gray_to_rgb(rows->png);
    if (!has_alpha) png_set_strip_alpha(rows->png);
    png_read_update_info(rows->png, rows->info);
    rows->channels = png_get_channels(rows->png, rows->info);
    if (rows->channels != 3 && rows->channels != 4) png_error(rows->png, "unexpected PNG layout after conversion");
    rows->row = malloc(png_get_rowbytes(rows->png, rows->info));
    if (!rows->row) png_error(rows->png, "out of memory");
    *width = (int)rows->width;
    *height = (int)rows->height;
    *out = rows;
    return 0;
}

int ic_png_rows_read(ic_png_rows *rows, unsigned char *out, int count, ic_error *error) {
    rows->context.error = error;
    if (setjmp(png_jmpbuf(rows->png))) return -1;
    for (int n = 0; n < count; n++) {
        if (rows->next >= rows->height) {
            ic_png_set_error(error, IC_ERR_CORRUPT, "read past the last row");
            return -1;
        }
        unsigned char *target = out + (size_t)rows->width * 3 * (size_t)n;
        png_read_row(rows->png, rows->channels == 3 ? target : rows->row, NULL);
        if (rows->channels == 4) {
            // Transparency over white, as thumbnails show it.
            for (png_uint_32 x = 0; x < rows->width; x++) {
                const unsigned char *p = rows->row + 4 * x;
                int a = p[3];
                for (int c = 0; c < 3; c++) target[3 * x + c] = (unsigned char)((p[c] * a + 255 * (255 - a) + 127) / 255);
            }
        }
        rows->next += 1;
    }
    return 0;
}

void ic_png_rows_close(ic_png_rows *rows) {
    if (!rows) return;
    png_destroy_read_struct(&rows->png, &rows->info, NULL);
    free(rows->row);
    free(rows);
}
