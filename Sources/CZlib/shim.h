// zlib, for the Archive module's zip reader only.
#ifndef LOUPE_CZLIB_SHIM_H
#define LOUPE_CZLIB_SHIM_H
#include <zlib.h>
#endif
