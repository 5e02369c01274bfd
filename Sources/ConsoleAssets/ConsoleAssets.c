// The web console's files (console/ at the repository's root), embedded at compile time so that the binary
// serves them and needs nothing beside it. Editing a file rebuilds this one.
#include "ConsoleAssets.h"

static const unsigned char index_html[] = {
#embed "../../console/index.html"
};

static const unsigned char style_css[] = {
#embed "../../console/style.css"
};

static const unsigned char app_js[] = {
#embed "../../console/app.js"
};

static const unsigned char rpc_js[] = {
#embed "../../console/rpc.js"
};

static const unsigned char ui_js[] = {
#embed "../../console/ui.js"
};

static const unsigned char sms_js[] = {
#embed "../../console/sms.js"
};

static const unsigned char countries_js[] = {
#embed "../../console/countries.js"
};

static const unsigned char account_js[] = {
#embed "../../console/account.js"
};

static const unsigned char notifications_js[] = {
#embed "../../console/notifications.js"
};

static const unsigned char broadcast_js[] = {
#embed "../../console/broadcast.js"
};

static const unsigned char history_js[] = {
#embed "../../console/history.js"
};

static const unsigned char status_js[] = {
#embed "../../console/status.js"
};

static const unsigned char live_js[] = {
#embed "../../console/live.js"
};

static const unsigned char optouts_js[] = {
#embed "../../console/optouts.js"
};

static const unsigned char outbox_js[] = {
#embed "../../console/outbox.js"
};

static const unsigned char favicon_svg[] = {
#embed "../../console/favicon.svg"
};

static const struct console_asset assets[] = {
    {"/", "text/html; charset=utf-8", index_html, sizeof(index_html)},
    {"/console/style.css", "text/css; charset=utf-8", style_css, sizeof(style_css)},
    {"/console/app.js", "text/javascript; charset=utf-8", app_js, sizeof(app_js)},
    {"/console/rpc.js", "text/javascript; charset=utf-8", rpc_js, sizeof(rpc_js)},
    {"/console/ui.js", "text/javascript; charset=utf-8", ui_js, sizeof(ui_js)},
    {"/console/sms.js", "text/javascript; charset=utf-8", sms_js, sizeof(sms_js)},
    {"/console/countries.js", "text/javascript; charset=utf-8", countries_js, sizeof(countries_js)},
    {"/console/account.js", "text/javascript; charset=utf-8", account_js, sizeof(account_js)},
    {"/console/notifications.js", "text/javascript; charset=utf-8", notifications_js, sizeof(notifications_js)},
    {"/console/broadcast.js", "text/javascript; charset=utf-8", broadcast_js, sizeof(broadcast_js)},
    {"/console/history.js", "text/javascript; charset=utf-8", history_js, sizeof(history_js)},
    {"/console/status.js", "text/javascript; charset=utf-8", status_js, sizeof(status_js)},
    {"/console/live.js", "text/javascript; charset=utf-8", live_js, sizeof(live_js)},
    {"/console/optouts.js", "text/javascript; charset=utf-8", optouts_js, sizeof(optouts_js)},
    {"/console/outbox.js", "text/javascript; charset=utf-8", outbox_js, sizeof(outbox_js)},
    {"/console/favicon.svg", "image/svg+xml", favicon_svg, sizeof(favicon_svg)},
};

size_t console_asset_count(void) { return sizeof(assets) / sizeof(assets[0]); }

const struct console_asset *console_asset_at(size_t index) {
    return index < console_asset_count() ? &assets[index] : NULL;
}
