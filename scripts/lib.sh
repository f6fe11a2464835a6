# Shared by scripts/heapleak, scripts/test and scripts/bench: install what the build needs
# (Debian packages, only when missing) and build with CMake. Source it; do not run it.

HEAPLEAK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HEAPLEAK_PACKAGES=(g++ cmake ninja-build pkg-config libsimdjson-dev libcli11-dev libfmt-dev
  libboost-graph-dev libgtest-dev libbenchmark-dev zlib1g-dev libzstd-dev zstd gzip python3 time)

heapleak_log() { printf '%s\n' "$*" >&2; }

# Installs the missing Debian packages (as root, or through sudo).
heapleak_install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  heapleak_log "installing: ${missing[*]}"
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# node and npm run the fixture generators and the DevTools oracle test. Installed only when
# missing: a NodeSource nodejs already bundles npm, and Debian's npm package conflicts with it.
heapleak_install_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
  heapleak_install_packages nodejs npm
}

# heapleak_build DIR [cmake options...]: configures (once) and builds incrementally.
heapleak_build() {
  local dir=$1
  shift
  heapleak_install_packages "${HEAPLEAK_PACKAGES[@]}"
  heapleak_install_node
  if [[ ! -f $dir/build.ninja ]]; then
    cmake -S "$HEAPLEAK_ROOT" -B "$dir" -G Ninja "$@" >&2
  fi
  cmake --build "$dir" >&2
}
