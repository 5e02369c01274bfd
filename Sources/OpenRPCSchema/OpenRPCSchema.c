// Embeds the contract at compile time, so the binary serves exactly the document in schema/ and needs no
// resource files next to it. Editing schema/openrpc.json rebuilds this file.
#include "OpenRPCSchema.h"

static const unsigned char schema[] = {
#embed "../../schema/openrpc.json"
};

const unsigned char *openrpc_schema_bytes(void) { return schema; }

size_t openrpc_schema_length(void) { return sizeof(schema); }
