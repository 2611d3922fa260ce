// libpng 1.6, for the CImageCodec shim only.
#ifndef LOUPE_CPNG_SHIM_H
#define LOUPE_CPNG_SHIM_H
#include <png.h>
#endif
