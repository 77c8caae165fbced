#!/usr/bin/env bash
# Remove what install.sh installed: the virtual environment, the start scripts and the desktop
# entry. Projects (*.appliance files), the model store and the logs are left alone; delete them
# yourself if you mean to (appliance doctor prints where they are).
#
#   installer/uninstall.sh [--prefix DIR]
set -euo pipefail
PREFIX="${HOME}/.local/opt/appliance"
[ "${1:-}" = "--prefix" ] && PREFIX="$2"
rm -rf "$PREFIX/venv" "$PREFIX/bin/appliance" "$PREFIX/bin/appliance-app"
rmdir "$PREFIX/bin" "$PREFIX" 2>/dev/null || true
rm -f "${XDG_DATA_HOME:-$HOME/.local/share}/applications/appliance.desktop"
echo "removed the program from $PREFIX; projects, models and logs were kept"
