// OpenBLAS's CBLAS (Debian libopenblas-dev), for Tensor/BLAS.swift only.
#ifndef LOUPE_COPENBLAS_SHIM_H
#define LOUPE_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
