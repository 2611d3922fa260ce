// The image codec shim: plain C functions over libjpeg-turbo and libpng. Every function returns
// 0 on success or -1 with `error` filled in; all setjmp/longjmp error handling stays in this target,
// so neither library's default handler (which would exit or abort) ever runs.
#ifndef LOUPE_IC_H
#define LOUPE_IC_H
#include <stddef.h>

enum {
    IC_ERR_CORRUPT = 1,      // the bytes are not a valid image of the format
    IC_ERR_TOO_LARGE = 2,    // more pixels than the caller allows; refused before allocating them
    IC_ERR_NO_MEMORY = 3,
    IC_ERR_UNSUPPORTED = 4,  // a valid file in a variant this shim does not decode
    IC_ERR_TRUNCATED = 5,    // the data ends before the image does
};

typedef struct ic_error {
    int code;
    char message[200];
} ic_error;

typedef struct ic_info {
    int width;
    int height;
    int components;     // channels stored in the file: 1 gray, 2 gray+alpha, 3 color, 4 CMYK or RGBA
    int bit_depth;      // bits per sample (JPEG: 8)
    int progressive;    // JPEG progressive, or PNG interlaced
} ic_info;

// MARK: - Reading

int ic_jpeg_info(const unsigned char *data, size_t size, ic_info *info, ic_error *error);

/// Decodes to 8-bit RGB at scale_num/8 of full size (1...8), using libjpeg's DCT scaling so a
/// small result never costs a full-size decode. `fast` picks the fast integer IDCT and plain
/// upsampling, which are indistinguishable once the image is reduced. Refuses images with more
/// than max_pixels pixels before allocating any. *pixels is malloc'd: release with ic_free.
int ic_jpeg_decode(const unsigned char *data, size_t size, int scale_num, int fast, long long max_pixels,
                   unsigned char **pixels, int *width, int *height, ic_error *error);

int ic_png_info(const unsigned char *data, size_t size, ic_info *info, ic_error *error);

/// Decodes any PNG (gray, gray+alpha, RGB, RGBA, palette with tRNS, 1-16 bit, interlaced) to
/// 8-bit RGB (*channels 3) or RGBA (*channels 4, when the file has any transparency).
int ic_png_decode(const unsigned char *data, size_t size, long long max_pixels,
                  unsigned char **pixels, int *width, int *height, int *channels, ic_error *error);

// MARK: - Reading row by row (tiling images too large to hold whole)

/// A JPEG decoding a few scanlines at a time to 8-bit RGB (gray and CMYK converted), so memory
/// stays a few rows however large the image. A progressive JPEG still makes libjpeg hold all of its
/// coefficients: the caller refuses those beforehand when they are large.
typedef struct ic_jpeg_rows ic_jpeg_rows;
int ic_jpeg_rows_open(const unsigned char *data, size_t size, long long max_pixels, ic_jpeg_rows **rows,
                      int *width, int *height, ic_error *error);
/// Reads the next `count` rows (width × 3 bytes each) into `out`; fails past the last row.
int ic_jpeg_rows_read(ic_jpeg_rows *rows, unsigned char *out, int count, ic_error *error);
void ic_jpeg_rows_close(ic_jpeg_rows *rows);

/// The same for a PNG that is not interlaced (an interlaced one is IC_ERR_UNSUPPORTED): 8-bit RGB,
/// transparency composited over white.
typedef struct ic_png_rows ic_png_rows;
int ic_png_rows_open(const unsigned char *data, size_t size, long long max_pixels, ic_png_rows **rows,
                     int *width, int *height, ic_error *error);
int ic_png_rows_read(ic_png_rows *rows, unsigned char *out, int count, ic_error *error);
void ic_png_rows_close(ic_png_rows *rows);

// MARK: - Writing

typedef struct ic_jpeg_options {
    int quality;           // 1-100
    int progressive;
    int h_sampling;        // luma sampling factors: 2,2 is 4:2:0; 2,1 is 4:2:2; 1,1 is 4:4:4
    int v_sampling;
    int fast;              // fast DCT, for thumbnails
    int orientation;       // 1-8 writes an EXIF APP1 with that orientation; 0 writes none
    int cmyk_as_ycck;      // for 4-component input: store as YCCK instead of CMYK
} ic_jpeg_options;

/// Encodes 8-bit pixels with `components` 1 (gray), 3 (RGB) or 4 (CMYK, stored Adobe-inverted as
/// Photoshop does, with an Adobe marker). *out is malloc'd: release with ic_free.
int ic_jpeg_encode(const unsigned char *pixels, int width, int height, int components,
                   const ic_jpeg_options *options, unsigned char **out, size_t *out_size, ic_error *error);

void ic_free(void *pointer);

/// Keeps buffers up to 64 MiB on the heap and freed memory below 256 MiB in the process (see Imaging).
void ic_tune_allocator(void);

#endif
