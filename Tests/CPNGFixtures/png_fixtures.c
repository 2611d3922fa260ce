// Writes test PNGs of every color type, bit depth, interlacing and transparency through the real
// libpng, so the decoder is tested on files libpng itself made. Test support only: nothing ships it.
#include "png_fixtures.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

static void fixture_error(png_structp png, png_const_charp message) {
    (void)message;
    png_longjmp(png, 1);
}

static void fixture_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

typedef struct fixture_buffer {
    unsigned char *data;
    size_t size;
    size_t capacity;
} fixture_buffer;

static void fixture_write(png_structp png, png_bytep bytes, size_t length) {
    fixture_buffer *buffer = png_get_io_ptr(png);
    if (buffer->size + length > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 4096;
        while (capacity < buffer->size + length) capacity *= 2;
        unsigned char *grown = realloc(buffer->data, capacity);
        if (!grown) png_error(png, "out of memory");
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->size, bytes, length);
    buffer->size += length;
}

static void fixture_flush(png_structp png) { (void)png; }

int fixture_png_encode(const unsigned char *samples, int width, int height, int color_type, int bit_depth,
                       int interlaced, const unsigned char *palette, int palette_size,
                       const unsigned char *trns, int trns_count, const unsigned short *trns_color,
                       unsigned char **out, size_t *out_size) {
    fixture_buffer buffer = { NULL, 0, 0 };
    png_bytep *volatile rows = NULL;
    *out = NULL;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, fixture_error, fixture_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        free(buffer.data);
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_set_write_fn(png, &buffer, fixture_write, fixture_flush);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, bit_depth, color_type,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        png_color colors[256];
        for (int i = 0; i < palette_size && i < 256; i++) {
            colors[i].red = palette[3 * i];
            colors[i].green = palette[3 * i + 1];
            colors[i].blue = palette[3 * i + 2];
        }
        png_set_PLTE(png, info, colors, palette_size);
    }
    if (trns_count > 0 || trns_color) {
        png_color_16 key = { 0, 0, 0, 0, 0 };
        if (trns_color) {
            key.gray = trns_color[0];
            key.red = trns_color[0];
            key.green = trns_color[1];
            key.blue = trns_color[2];
        }
        png_set_tRNS(png, info, trns, trns_count, trns_color ? &key : NULL);
    }
    png_write_info(png, info);
    if (bit_depth < 8) png_set_packing(png);  // samples arrive one per byte
    int channels = color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_PALETTE ? 1
                 : color_type == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : color_type == PNG_COLOR_TYPE_RGB ? 3 : 4;
    size_t stride = (size_t)width * (size_t)channels * (bit_depth == 16 ? 2 : 1);
    rows = malloc(sizeof(png_bytep) * (size_t)height);
    if (!rows) png_error(png, "out of memory");
    for (int y = 0; y < height; y++) rows[y] = (png_bytep)(samples + stride * (size_t)y);
    png_write_image(png, rows);
    png_write_end(png, NULL);
    free(rows);
    png_destroy_write_struct(&png, &info);
    *out = buffer.data;
    *out_size = buffer.size;
    return 0;
}
