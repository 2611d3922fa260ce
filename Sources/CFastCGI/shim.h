// Exposes libfcgi's reentrant API (fcgiapp.h) to Swift; only the FastCGI module imports it.
#ifndef LOUPE_CFASTCGI_SHIM_H
#define LOUPE_CFASTCGI_SHIM_H
#include <fcgiapp.h>
#endif
