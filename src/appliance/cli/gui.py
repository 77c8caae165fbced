"""``appliance gui``: open the desktop app (the wizard) on a project."""
from __future__ import annotations

import argparse
import os
import sys

from appliance.cli._common import CliError


def register(sub) -> None:
    p = sub.add_parser("gui", help="Open the desktop app.",
                       description="Open the desktop app: a wizard from a folder of reports to a tuned, searchable "
                       "model. Opens PROJECT, or the last project. Needs a display.")
    p.add_argument("project", nargs="?", help="project file to open (default: the last one)")
    p.add_argument("--search", action="store_true",
                   help="open only the search window on PROJECT: for clinical departments searching their reports")
    p.set_defaults(func=cmd_gui)


def has_display() -> bool:
    """Whether Qt can open a window here (Linux needs X11 or Wayland unless a platform is forced)."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


def cmd_gui(args: argparse.Namespace) -> int:
    if not has_display():
        raise CliError("no display found (DISPLAY or WAYLAND_DISPLAY is not set); the command line verbs work "
                       "without one", code=2)
    from appliance.gui.app import main as gui_main

    if args.search and not args.project:
        raise CliError("--search needs the project file: appliance gui --search PROJECT", code=2)
    return gui_main([*(["--search"] if args.search else []), *([args.project] if args.project else [])])
