// Exposes libpq (Debian's libpq-dev) to Swift; only the Store's PostgreSQL backend imports it.
#ifndef LOUPE_CLIBPQ_SHIM_H
#define LOUPE_CLIBPQ_SHIM_H
#include <postgresql/libpq-fe.h>
#endif
