#ifndef OPENRPC_SCHEMA_H
#define OPENRPC_SCHEMA_H
#include <stddef.h>

/// The bytes of schema/openrpc.json, embedded when the package is built.
const unsigned char *openrpc_schema_bytes(void);

/// The number of bytes `openrpc_schema_bytes` points to.
size_t openrpc_schema_length(void);

#endif
