// Allocator tuning for image-decoding processes (mallopt is not visible from Swift's Glibc module).
#include "ic.h"

#include <malloc.h>

void ic_tune_allocator(void) {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
}
