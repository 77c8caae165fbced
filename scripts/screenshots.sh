#!/usr/bin/env bash
# Screenshots of every page of the desktop app, in English and (some pages) in German, taken from the real
# app under a virtual X server (Xvfb), into docs/screenshots/. Takes a few minutes (a short training on the CPU).
#   scripts/screenshots.sh [--out DIR] [--steps N] [--german all]   (options of scripts/screenshots.py)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
if ! command -v xvfb-run >/dev/null 2>&1; then
    echo "xvfb-run was not found. Install Xvfb first, e.g. on Debian/Ubuntu: sudo apt-get install -y xvfb libxcb-cursor0" >&2
    echo "(on Fedora: sudo dnf install xorg-x11-server-Xvfb xcb-util-cursor)" >&2
    exit 1
fi
# Qt's X11 plugin needs a few xcb libraries that a server image may lack: name the missing ones
plugin="$("$PYTHON" -c 'import PySide6, os; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt", "plugins", "platforms", "libqxcb.so"))')"
if [ -f "$plugin" ] && command -v ldd >/dev/null 2>&1; then
    missing="$(ldd "$plugin" "$(dirname "$plugin")/../../lib/libQt6XcbQpa.so.6" 2>/dev/null | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')"
    if [ -n "$missing" ]; then
        echo "Qt's X11 plugin cannot load; missing: $missing" >&2
        echo "On Debian/Ubuntu: sudo apt-get install -y libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \\" >&2
        echo "    libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0" >&2
        exit 1
    fi
fi
# a real X display (xcb), not Qt's offscreen platform; a fixed DPI so that the pictures look the same everywhere
unset QT_QPA_PLATFORM WAYLAND_DISPLAY
export QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1 LANG=C.UTF-8
exec xvfb-run -a -s "-screen 0 1600x1200x24 -dpi 96" "$PYTHON" scripts/screenshots.py "$@"
