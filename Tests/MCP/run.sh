#!/usr/bin/env bash
# The MCP tests: the real Python MCP SDK (`mcp` from PyPI, pinned) in .build/mcp-venv, installed when missing
# (with Debian's python3-venv), then mcp_test.py against $MOCEAN_NOTIFY_BIN (default: the debug build).
set -uo pipefail
source "$(dirname "$0")/../../scripts/setup.sh"
REQUIRED_PACKAGES=(python3-venv)
install_missing_packages || exit 1
venv=.build/mcp-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import mcp, jsonschema' 2>/dev/null; then
    python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q "mcp==2.3.0" >&2 || exit 1
fi
exec "$venv/bin/python" Tests/MCP/mcp_test.py
