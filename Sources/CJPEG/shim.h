// libjpeg-turbo's classic API, for the CImageCodec shim only.
#ifndef LOUPE_CJPEG_SHIM_H
#define LOUPE_CJPEG_SHIM_H
#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>
#endif
