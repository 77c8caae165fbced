"""The app's entry point: ``appliance-gui [PROJECT]`` and ``appliance gui [PROJECT]``."""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

import appliance  # noqa: F401  (enforces offline mode first)


def create_app(argv: Sequence[str] | None = None):
    """The QApplication (the existing one, in tests), with the app's names set for QSettings."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        # Qt 6 scales for high-DPI screens by default (fractional factors passed through).
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName("appliance")
    app.setOrganizationName("appliance")
    app.setApplicationDisplayName(app.translate("App", "Clinical search appliance"))
    app.setApplicationVersion(appliance.__version__)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    """Open the main window (on PROJECT, or on the last project) and run the event loop."""
    parser = argparse.ArgumentParser(prog="appliance-gui", description="Open the desktop app of the appliance.")
    parser.add_argument("project", nargs="?", help="project file to open (default: the last one)")
    parser.add_argument("--search", action="store_true", help="open the search window on PROJECT (for departments)")
    args, qt_args = parser.parse_known_args(sys.argv[1:] if argv is None else list(argv))

    app = create_app([sys.argv[0] if sys.argv else "appliance-gui", *qt_args])
    from appliance.gui import i18n, log
    from appliance.gui.mainwindow import MainWindow, app_settings

    settings = app_settings()
    i18n.install(settings.value("language", i18n.SYSTEM), app)
    log.info("appliance %s: the desktop app starts", appliance.__version__)
    if args.search:
        if not args.project:
            parser.error("--search needs the project file")
        from appliance.gui.search_window import SearchWindow

        window = SearchWindow(project=args.project, settings=settings)
    else:
        window = MainWindow(settings, project=args.project)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
