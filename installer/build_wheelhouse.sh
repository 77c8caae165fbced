#!/usr/bin/env bash
# Build a wheelhouse: every wheel the appliance needs (PySide6, torch and the appliance itself
# included) for one target platform and Python version, so that install.sh can install it on a
# machine that has never seen the internet (pip --no-index).
#
#   installer/build_wheelhouse.sh OUT_DIR [--python 3.11] [--platform manylinux_2_28_x86_64]
#                                 [--torch cpu|cu124|cu126|...] [--torch-version 2.13.0]
#
# Run it on a machine with the same Python version as the target (the default), or give --python
# and --platform to download for another target (pip then takes binary wheels only). --torch picks
# the build: cpu where the target has no NVIDIA GPU, cuXYZ for the CUDA version of its driver
# (the wheels then come from the PyTorch index named by TORCH_INDEX_URL, default
# https://download.pytorch.org/whl/<build>). Writes OUT_DIR/wheelhouse.json: what was built for
# which target, with the sha256 of every wheel.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
OUT=""
PYVER=""
PLATFORM=""
TORCH_BUILD="cpu"
TORCH_VERSION="2.13.0"
while [ $# -gt 0 ]; do
  case "$1" in
    --python) PYVER="$2"; shift 2 ;;
    --platform) PLATFORM="$2"; shift 2 ;;
    --torch) TORCH_BUILD="$2"; shift 2 ;;
    --torch-version) TORCH_VERSION="$2"; shift 2 ;;
    -h|--help) sed -n 2,15p "$0"; exit 0 ;;
    *) if [ -z "$OUT" ]; then OUT="$1"; shift; else echo "unknown argument: $1" >&2; exit 2; fi ;;
  esac
done
[ -n "$OUT" ] || { echo "usage: $0 OUT_DIR [--python X.Y] [--platform TAG] [--torch cpu|cuXYZ]" >&2; exit 2; }
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
TARGET=()
if [ -n "$PYVER$PLATFORM" ]; then
  TARGET=(--only-binary=:all:)
  [ -n "$PYVER" ] && TARGET+=(--python-version "$PYVER")
  [ -n "$PLATFORM" ] && TARGET+=(--platform "$PLATFORM")
fi
start=$(date +%s)
echo "1/3 the appliance itself as a wheel"
"$PYTHON" -m pip wheel --quiet --no-deps -w "$OUT" "$REPO"
echo "2/3 torch $TORCH_VERSION ($TORCH_BUILD)"
TORCH_SPEC="torch==$TORCH_VERSION"
if [ "$TORCH_BUILD" = "cpu" ]; then
  "$PYTHON" -m pip download --quiet --no-deps -d "$OUT" "${TARGET[@]}" "$TORCH_SPEC" \
    || "$PYTHON" -m pip download --quiet --no-deps -d "$OUT" "${TARGET[@]}" "$TORCH_SPEC+cpu"
else
  "$PYTHON" -m pip download --quiet -d "$OUT" "${TARGET[@]}" \
    --index-url "${TORCH_INDEX_URL:-https://download.pytorch.org/whl/$TORCH_BUILD}" "$TORCH_SPEC"
fi
echo "3/3 every other dependency"
"$PYTHON" -m pip download --quiet -d "$OUT" --find-links "$OUT" "${TARGET[@]}" "$OUT"/appliance-*.whl "$TORCH_SPEC" \
  || "$PYTHON" -m pip download --quiet -d "$OUT" "${TARGET[@]}" "$OUT"/appliance-*.whl
# sdists cannot be built without the internet's build tools: turn any into wheels here
for sdist in "$OUT"/*.tar.gz "$OUT"/*.zip; do
  [ -e "$sdist" ] || continue
  "$PYTHON" -m pip wheel --quiet --no-deps -w "$OUT" "$sdist" && rm -f "$sdist"
done
"$PYTHON" - "$OUT" "$TORCH_BUILD" "${PYVER:-$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')}" "${PLATFORM:-native}" <<'PY'
import hashlib, json, sys, pathlib
out, torch_build, pyver, platform = pathlib.Path(sys.argv[1]), *sys.argv[2:]
wheels = sorted(p for p in out.iterdir() if p.suffix == ".whl")
(out / "wheelhouse.json").write_text(json.dumps({
    "python": pyver, "platform": platform, "torch": torch_build,
    "wheels": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in wheels}}, indent=2) + "\n")
print(f"{len(wheels)} wheels, {sum(p.stat().st_size for p in wheels) / 1e9:.2f} GB")
PY
echo "wheelhouse ready in $OUT ($(( $(date +%s) - start )) s)"
