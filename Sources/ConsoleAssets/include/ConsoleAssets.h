#ifndef CONSOLE_ASSETS_H
#define CONSOLE_ASSETS_H
#include <stddef.h>

/// One file of the web console, embedded when the package is built.
struct console_asset {
    /// The path it is served at, e.g. "/console/app.js".
    const char *path;
    /// Its Content-Type.
    const char *content_type;
    const unsigned char *bytes;
    size_t length;
};

/// How many files the console has.
size_t console_asset_count(void);

/// The file at `index` (0 ..< console_asset_count()).
const struct console_asset *console_asset_at(size_t index);

#endif
