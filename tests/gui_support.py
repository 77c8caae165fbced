"""The steps the GUI tests share (the ``window`` fixture itself is in conftest.py)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from appliance.gui.mainwindow import MainWindow
from appliance.paths import samples_dir
from appliance.project import Project

LEFT = Qt.MouseButton.LeftButton


def wait_idle(qtbot, window: MainWindow, timeout: int = 20_000) -> None:
    qtbot.waitUntil(lambda: not window.project_host.busy, timeout=timeout)


def finished(op) -> bool:
    return op.state in ("done", "cancelled", "failed")


def create_project(qtbot, window: MainWindow, path: Path) -> None:
    """A new project through the Project page, as a user makes one."""
    page = window.pages["project"]
    window.show_page("project")
    page.path_edit.clear()
    qtbot.keyClicks(page.path_edit, str(path))
    qtbot.mouseClick(page.create_button, LEFT)
    qtbot.waitUntil(lambda: window.project_host.path is not None and window.info is not None, timeout=10_000)


def open_in(qtbot, window: MainWindow, path: Path) -> None:
    window.open_project(path)
    qtbot.waitUntil(lambda: window.project_host.path is not None and window.info is not None, timeout=10_000)


def project_with_samples(qtbot, window: MainWindow, path: Path, files: list[Path] | None = None) -> None:
    """A new project with the sample reports imported through the Project and Import pages."""
    create_project(qtbot, window, path)
    window.show_page("import")
    importer = window.pages["import"]
    importer.add_paths(files or [samples_dir() / "reports"])
    refreshed = window.refresh_count
    qtbot.mouseClick(importer.import_button, LEFT)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.refresh_count > refreshed and window.info["documents"] > 0, timeout=5_000)


def pseudonymized_project(qtbot, window: MainWindow, path: Path, files: list[Path] | None = None) -> None:
    """A project with the sample reports (or ``files``), pseudonymized in irreversible mode through the page."""
    project_with_samples(qtbot, window, path, files)
    page = window.pages["pseudonymize"]
    window.show_page("pseudonymize")
    qtbot.waitUntil(lambda: page._state is not None, timeout=5_000)
    page.irreversible_check.setChecked(True)
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    with Project.open(path, readonly=True) as p:
        assert p.db.execute("SELECT count(*) FROM deid_documents").fetchone()[0] == p.info()["documents"]
