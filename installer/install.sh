#!/usr/bin/env bash
# Air-gapped install: the appliance from a wheelhouse (build_wheelhouse.sh) into a fresh virtual
# environment, with pip's index disabled, then the staged models (stage_models.py bundle) into the
# model store, a start script and a desktop entry. Nothing here reaches the network.
#
#   installer/install.sh WHEELHOUSE [--models MODELS_DIR] [--prefix DIR] [--no-desktop]
#
# --prefix: where the program goes (default ~/.local/opt/appliance); projects and models stay in
# the user's data folder and are never touched by a reinstall or by uninstall.sh.
set -euo pipefail
WHEELS=""
MODELS=""
PREFIX="${HOME}/.local/opt/appliance"
DESKTOP=1
while [ $# -gt 0 ]; do
  case "$1" in
    --models) MODELS="$2"; shift 2 ;;
    --prefix) PREFIX="$2"; shift 2 ;;
    --no-desktop) DESKTOP=0; shift ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) if [ -z "$WHEELS" ]; then WHEELS="$1"; shift; else echo "unknown argument: $1" >&2; exit 2; fi ;;
  esac
done
[ -n "$WHEELS" ] && [ -d "$WHEELS" ] || { echo "usage: $0 WHEELHOUSE [--models DIR] [--prefix DIR]" >&2; exit 2; }
WHEELS="$(cd "$WHEELS" && pwd)"
PYTHON=${PYTHON:-python3}
start=$(date +%s)
echo "1/4 a fresh virtual environment in $PREFIX/venv"
rm -rf "$PREFIX/venv"
mkdir -p "$PREFIX/bin"
"$PYTHON" -m venv "$PREFIX/venv"
echo "2/4 installing from $WHEELS (no index: nothing is downloaded)"
PIP_CONFIG_FILE=/dev/null PIP_CONSTRAINT="" "$PREFIX/venv/bin/python" -m pip install --quiet --no-index \
  --find-links "$WHEELS" appliance
echo "3/4 models"
if [ -n "$MODELS" ]; then
  "$PREFIX/venv/bin/python" "$(dirname "$0")/import_models.py" "$MODELS"
else
  echo "  none given: the built-in all-MiniLM-L6-v2 is installed with the wheels"
fi
echo "4/4 start script and desktop entry"
cat > "$PREFIX/bin/appliance" <<SH
#!/usr/bin/env bash
exec "$PREFIX/venv/bin/appliance" "\$@"
SH
cat > "$PREFIX/bin/appliance-app" <<SH
#!/usr/bin/env bash
exec "$PREFIX/venv/bin/appliance-gui" "\$@"
SH
chmod +x "$PREFIX/bin/appliance" "$PREFIX/bin/appliance-app"
if [ "$DESKTOP" = 1 ]; then
  APPS="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
  mkdir -p "$APPS"
  cat > "$APPS/appliance.desktop" <<DE
[Desktop Entry]
Type=Application
Name=Clinical search appliance
Name[de]=Klinische Such-Appliance
Comment=Search your own clinical reports, offline
Exec=$PREFIX/bin/appliance-app
Terminal=false
Categories=Office;Science;
DE
fi
echo "installed in $(( $(date +%s) - start )) s; check it with: $PREFIX/bin/appliance doctor"
