# Shared set-up for scripts/serve, scripts/test and bench/: installs the system packages the build needs when
# they are missing (Debian), and checks for the Swift toolchain. Sourced, not run.

# Debian packages the build and the tests need:
#   libsqlite3-dev   SQLite, which the database layer links against
#   python3          the Python client and its tests
#   libcurl4-openssl-dev  HTTP(S) to the MoceanAPI gateway
#   ca-certificates  verifying HTTPS to the gateway
#   openssl          the tests' self-signed TLS server, which the client must refuse
REQUIRED_PACKAGES=(libsqlite3-dev libcurl4-openssl-dev python3 ca-certificates openssl)

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
REPO_ROOT=$(pwd)

install_missing_packages() {
    local missing=()
    for package in "${REQUIRED_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "setup: missing system packages (${missing[*]}) and no apt-get to install them" >&2
        return 1
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "setup: missing system packages (${missing[*]}); run as root: apt-get install ${missing[*]}" >&2
            return 1
        fi
        sudo="sudo"
    fi
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

require_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "setup: the Swift toolchain (6.1 or later) is not on PATH; install it from swift.org first" >&2
        return 1
    fi
}

install_missing_packages || exit 1
require_swift || exit 1
