// JPEG through libjpeg-turbo: header reading, scaled decoding to RGB (CMYK/YCCK included), encoding.
// libjpeg reports fatal errors through error_exit, which by default calls exit(); ours longjmps back
// to the function that called setjmp, which cleans up and returns -1 with the message.
#include "ic.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

// MARK: - Errors

typedef struct ic_jpeg_error_manager {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    ic_error *error;
    int truncated;  // libjpeg only warns when data ends early and pads with gray; we refuse
} ic_jpeg_error_manager;

static void ic_set_error(ic_error *error, int code, const char *message) {
    if (!error) return;
    error->code = code;
    snprintf(error->message, sizeof error->message, "%s", message);
}

static void ic_jpeg_error_exit(j_common_ptr cinfo) {
    ic_jpeg_error_manager *manager = (ic_jpeg_error_manager *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    if (manager->truncated) {
        // The data ran out first; whatever libjpeg tripped over next is a consequence of that.
        ic_set_error(manager->error, IC_ERR_TRUNCATED, "the JPEG data ends before the image does");
    } else {
        int code = cinfo->err->msg_code == JERR_OUT_OF_MEMORY ? IC_ERR_NO_MEMORY : IC_ERR_CORRUPT;
        ic_set_error(manager->error, code, text);
    }
    longjmp(manager->jump, 1);
}

static void ic_jpeg_emit_message(j_common_ptr cinfo, int level) {
    ic_jpeg_error_manager *manager = (ic_jpeg_error_manager *)cinfo->err;
    if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) manager->truncated = 1;
    // Other warnings (stray bytes between markers and the like) are common in real photos and harmless.
}

static void ic_jpeg_install_errors(struct jpeg_error_mgr **slot, ic_jpeg_error_manager *manager, ic_error *error) {
    *slot = jpeg_std_error(&manager->pub);
    manager->pub.error_exit = ic_jpeg_error_exit;
    manager->pub.emit_message = ic_jpeg_emit_message;
    manager->error = error;
    manager->truncated = 0;
}

// MARK: - Reading

int ic_jpeg_info(const unsigned char *data, size_t size, ic_info *info, ic_error *error) {
    struct jpeg_decompress_struct cinfo;
    ic_jpeg_error_manager manager;
    ic_jpeg_install_errors(&cinfo.err, &manager, error);
    if (setjmp(manager.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    info->width = (int)cinfo.image_width;
    info->height = (int)cinfo.image_height;
    info->components = cinfo.num_components;
    info->bit_depth = cinfo.data_precision;
    info->progressive = cinfo.progressive_mode ? 1 : 0;
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

/// CMYK → RGB. Adobe's files store inverted ink values (255 = no ink), which is what the
/// Adobe marker signals; plain CMYK stores ink amounts.
static void ic_cmyk_row_to_rgb(const unsigned char *cmyk, unsigned char *rgb, int width, int inverted) {
    for (int x = 0; x < width; x++) {
        int c = cmyk[4 * x], m = cmyk[4 * x + 1], y = cmyk[4 * x + 2], k = cmyk[4 * x + 3];
        if (!inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
        rgb[3 * x] = (unsigned char)((c * k + 127) / 255);
        rgb[3 * x + 1] = (unsigned char)((m * k + 127) / 255);
        rgb[3 * x + 2] = (unsigned char)((y * k + 127) / 255);
    }
}

int ic_jpeg_decode(const unsigned char *data, size_t size, int scale_num, int fast, long long max_pixels,
                   unsigned char **pixels, int *width, int *height, ic_error *error) {
    struct jpeg_decompress_struct cinfo;
    ic_jpeg_error_manager manager;
    // volatile: assigned after setjmp and freed on the longjmp path
    unsigned char *volatile output = NULL;
    unsigned char *volatile row = NULL;
    *pixels = NULL;
    ic_jpeg_install_errors(&cinfo.err, &manager, error);
    if (setjmp(manager.jump)) {
        free(output);
        free(row);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    if ((long long)cinfo.image_width * (long long)cinfo.image_height > max_pixels) {
        char text[200];
        snprintf(text, sizeof text, "%ux%u is %lld pixels; the limit is %lld", cinfo.image_width, cinfo.image_height,
                 (long long)cinfo.image_width * cinfo.image_height, max_pixels);
        ic_set_error(error, IC_ERR_TOO_LARGE, text);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    cinfo.scale_num = (unsigned int)(scale_num < 1 ? 1 : scale_num > 8 ? 8 : scale_num);
    cinfo.scale_denom = 8;
    if (fast) {
        cinfo.dct_method = JDCT_IFAST;
        cinfo.do_fancy_upsampling = FALSE;
    }
    jpeg_start_decompress(&cinfo);
    size_t stride = (size_t)cinfo.output_width * 3;
    output = malloc(stride * cinfo.output_height);
    if (cmyk) row = malloc((size_t)cinfo.output_width * 4);
    if (!output || (cmyk && !row)) ERREXIT(&cinfo, JERR_OUT_OF_MEMORY);
    while (cinfo.output_scanline < cinfo.output_height) {
        unsigned char *target = output + stride * cinfo.output_scanline;
        JSAMPROW rows[1] = { cmyk ? row : target };
        jpeg_read_scanlines(&cinfo, rows, 1);
        if (cmyk) ic_cmyk_row_to_rgb(row, target, (int)cinfo.output_width, cinfo.saw_Adobe_marker);
        if (manager.truncated) break;
    }
    if (manager.truncated) {
        ic_set_error(error, IC_ERR_TRUNCATED, "the JPEG data ends before the image does");
        free(output);
        free(row);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_finish_decompress(&cinfo);
    *width = (int)cinfo.output_width;
    *height = (int)cinfo.output_height;
    *pixels = output;
    free(row);
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

// MARK: - Writing

/// A minimal big-endian EXIF block: TIFF header and one IFD holding only Orientation (0x0112).
static void ic_write_exif_orientation(j_compress_ptr cinfo, int orientation) {
    const unsigned char exif[] = {
        'E', 'x', 'i', 'f', 0, 0,
        'M', 'M', 0, 42, 0, 0, 0, 8,                        // TIFF header, IFD0 at offset 8
        0, 1,                                              // one entry
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (unsigned char)orientation, 0, 0,  // Orientation SHORT
        0, 0, 0, 0,                                        // no next IFD
    };
    jpeg_write_marker(cinfo, JPEG_APP0 + 1, exif, sizeof exif);
}

/// A growable memory destination we own, so the error path can free whatever was written
/// (libjpeg's jpeg_mem_dest keeps its grown buffer where destroy does not release it).
typedef struct ic_memory_destination {
    struct jpeg_destination_mgr pub;
    unsigned char *buffer;
    size_t capacity;
} ic_memory_destination;

static void ic_destination_init(j_compress_ptr cinfo) {
    ic_memory_destination *destination = (ic_memory_destination *)cinfo->dest;
    destination->pub.next_output_byte = destination->buffer;
    destination->pub.free_in_buffer = destination->capacity;
}

static boolean ic_destination_grow(j_compress_ptr cinfo) {
    ic_memory_destination *destination = (ic_memory_destination *)cinfo->dest;
    size_t used = destination->capacity;  // called only when the buffer is full
    unsigned char *grown = realloc(destination->buffer, destination->capacity * 2);
    if (!grown) ERREXIT(cinfo, JERR_OUT_OF_MEMORY);
    destination->buffer = grown;
    destination->capacity *= 2;
    destination->pub.next_output_byte = grown + used;
    destination->pub.free_in_buffer = destination->capacity - used;
    return TRUE;
}

static void ic_destination_term(j_compress_ptr cinfo) { (void)cinfo; }

int ic_jpeg_encode(const unsigned char *pixels, int width, int height, int components,
                   const ic_jpeg_options *options, unsigned char **out, size_t *out_size, ic_error *error) {
    struct jpeg_compress_struct cinfo;
    ic_jpeg_error_manager manager;
    ic_memory_destination destination = { .buffer = NULL, .capacity = 0 };
    unsigned char *volatile inverted = NULL;
    *out = NULL;
    if (components != 1 && components != 3 && components != 4) {
        ic_set_error(error, IC_ERR_UNSUPPORTED, "JPEG input must have 1, 3 or 4 components");
        return -1;
    }
    ic_jpeg_install_errors(&cinfo.err, &manager, error);
    if (setjmp(manager.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(destination.buffer);
        free(inverted);
        return -1;
    }
    jpeg_create_compress(&cinfo);
    destination.capacity = 16384 + (size_t)width * (size_t)height / 4;
    destination.buffer = malloc(destination.capacity);
    if (!destination.buffer) ERREXIT(&cinfo, JERR_OUT_OF_MEMORY);
    destination.pub.init_destination = ic_destination_init;
    destination.pub.empty_output_buffer = ic_destination_grow;
    destination.pub.term_destination = ic_destination_term;
    cinfo.dest = &destination.pub;
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = components;
    cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : components == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(&cinfo);
    if (components == 4) jpeg_set_colorspace(&cinfo, options->cmyk_as_ycck ? JCS_YCCK : JCS_CMYK);
    jpeg_set_quality(&cinfo, options->quality, TRUE);
    if (components == 3 && options->h_sampling > 0 && options->v_sampling > 0) {
        cinfo.comp_info[0].h_samp_factor = options->h_sampling;
        cinfo.comp_info[0].v_samp_factor = options->v_sampling;
    }
    if (options->progressive) jpeg_simple_progression(&cinfo);
    if (options->fast) cinfo.dct_method = JDCT_IFAST;
    jpeg_start_compress(&cinfo, TRUE);
    if (options->orientation >= 1 && options->orientation <= 8) ic_write_exif_orientation(&cinfo, options->orientation);
    size_t stride = (size_t)width * (size_t)components;
    if (components == 4) {
        // Stored the way Photoshop does: inverted, flagged by the Adobe marker libjpeg writes.
        inverted = malloc(stride);
        if (!inverted) ERREXIT(&cinfo, JERR_OUT_OF_MEMORY);
    }
    while (cinfo.next_scanline < cinfo.image_height) {
        const unsigned char *source = pixels + stride * cinfo.next_scanline;
        if (inverted) {
            for (size_t i = 0; i < stride; i++) inverted[i] = (unsigned char)(255 - source[i]);
            source = inverted;
        }
        JSAMPROW rows[1] = { (JSAMPROW)source };
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    free(inverted);
    *out = destination.buffer;
    *out_size = destination.capacity - destination.pub.free_in_buffer;
    jpeg_destroy_compress(&cinfo);
    return 0;
}

void ic_free(void *pointer) { free(pointer); }

// MARK: - Reading row by row

struct ic_jpeg_rows {
    struct jpeg_decompress_struct cinfo;
    ic_jpeg_error_manager manager;
    int cmyk;
    unsigned char *cmyk_row;
};

int ic_jpeg_rows_open(const unsigned char *data, size_t size, long long max_pixels, ic_jpeg_rows **out,
                      int *width, int *height, ic_error *error) {
    *out = NULL;
    ic_jpeg_rows *rows = calloc(1, sizeof *rows);
    if (!rows) {
        ic_set_error(error, IC_ERR_NO_MEMORY, "out of memory");
        return -1;
    }
    ic_jpeg_install_errors(&rows->cinfo.err, &rows->manager, error);
    if (setjmp(rows->manager.jump)) {
        jpeg_destroy_decompress(&rows->cinfo);
        free(rows->cmyk_row);
        free(rows);
        return -1;
    }
    jpeg_create_decompress(&rows->cinfo);
    jpeg_mem_src(&rows->cinfo, data, (unsigned long)size);
    jpeg_read_header(&rows->cinfo, TRUE);
    if ((long long)rows->cinfo.image_width * (long long)rows->cinfo.image_height > max_pixels) {
        ic_set_error(error, IC_ERR_TOO_LARGE, "the image has more pixels than allowed");
        jpeg_destroy_decompress(&rows->cinfo);
        free(rows);
        return -1;
    }
    rows->cmyk = rows->cinfo.jpeg_color_space == JCS_CMYK || rows->cinfo.jpeg_color_space == JCS_YCCK;
    rows->cinfo.out_color_space = rows->cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&rows->cinfo);
    if (rows->cmyk) {
        rows->cmyk_row = malloc((size_t)rows->cinfo.output_width * 4);
        if (!rows->cmyk_row) ERREXIT(&rows->cinfo, JERR_OUT_OF_MEMORY);
    }
    *width = (int)rows->cinfo.output_width;
    *height = (int)rows->cinfo.output_height;
    *out = rows;
    return 0;
}

int ic_jpeg_rows_read(ic_jpeg_rows *rows, unsigned char *out, int count, ic_error *error) {
    rows->manager.error = error;
    if (setjmp(rows->manager.jump)) return -1;
    size_t stride = (size_t)rows->cinfo.output_width * 3;
    for (int n = 0; n < count; n++) {
        if (rows->cinfo.output_scanline >= rows->cinfo.output_height) {
            ic_set_error(error, IC_ERR_CORRUPT, "read past the last row");
            return -1;
        }
        unsigned char *target = out + stride * (size_t)n;
        JSAMPROW row[1] = { rows->cmyk ? rows->cmyk_row : target };
        jpeg_read_scanlines(&rows->cinfo, row, 1);
        if (rows->cmyk) ic_cmyk_row_to_rgb(rows->cmyk_row, target, (int)rows->cinfo.output_width, rows->cinfo.saw_Adobe_marker);
        if (rows->manager.truncated) {
            ic_set_error(error, IC_ERR_TRUNCATED, "the JPEG data ends before the image does");
            return -1;
        }
    }
    return 0;
}

void ic_jpeg_rows_close(ic_jpeg_rows *rows) {
    if (!rows) return;
    jpeg_destroy_decompress(&rows->cinfo);  // abort, not finish: the caller may stop early
    free(rows->cmyk_row);
    free(rows);
}
