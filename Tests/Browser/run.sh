#!/usr/bin/env bash
# The console's browser tests: installs Debian's Chromium and its driver when missing, Selenium from PyPI in
# .build/browser-venv, then runs console_test.py against $MOCEAN_NOTIFY_BIN (default: the debug build).
set -uo pipefail
source "$(dirname "$0")/../../scripts/setup.sh"
REQUIRED_PACKAGES=(chromium chromium-driver python3-venv)
install_missing_packages || exit 1
venv=.build/browser-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
    python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q "selenium==4.27.1" >&2 || exit 1
fi
exec "$venv/bin/python" Tests/Browser/console_test.py
