# Shared settings for the tools/ scripts. Source it; do not run it.
#
# Everything a build or test needs lives under $PARLEY_BUILD (the build tree):
# downloaded sources, the npm cache and node_modules. Nothing is cached elsewhere.

PARLEY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PARLEY_BUILD="$PARLEY_ROOT/build"

# Debian's Emscripten 3.1.6 needs acorn from Debian's node modules; Node 20 does not
# look in /usr/share/nodejs by itself (see ../shared/ENVIRONMENT.md).
export NODE_PATH=/usr/share/nodejs

log() { printf '[parley] %s\n' "$*" >&2; }
die() { printf '[parley] error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
