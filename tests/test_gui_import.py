"""The Import page (offscreen): the bundled sample reports through drag and drop and the file dialog,
the CSV/JSONL field pickers, a status per file, re-import, rejected files with their reasons, cancel."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog  # noqa: E402

from appliance.gui.mainwindow import MainWindow  # noqa: E402
from appliance.gui.pages.importer import ALREADY, IMPORTED, REJECTED, guess_field, preview_records  # noqa: E402
from appliance.paths import samples_dir  # noqa: E402
from appliance.project import Project  # noqa: E402
from gui_support import create_project  # noqa: E402

pytestmark = pytest.mark.gui


def drop(widget, paths: list[Path]) -> None:
    """A real drag-enter and drop of files onto ``widget``."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(widget.rect().center(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(widget.rect().center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def run_import(qtbot, window: MainWindow) -> None:
    page = window.pages["import"]
    assert page.import_button.isEnabled()
    refreshed = window.refresh_count
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert window.project_host.busy
    qtbot.waitUntil(lambda: not window.project_host.busy and page.progress_panel.label.text() == "Finished.",
                    timeout=20_000)
    qtbot.waitUntil(lambda: window.refresh_count > refreshed, timeout=5_000)  # the pages got the new counts


def test_import_the_sample_reports_then_again(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "samples.appliance"
    create_project(qtbot, window, path)
    window.show_page("import")
    page = window.pages["import"]
    assert "No documents imported yet" in page.status.done_text()
    drop(page, [samples_dir() / "reports"])  # the folder of twelve reports, dragged onto the page
    jsonl = samples_dir() / "reports.jsonl"
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(jsonl)], ""))
    qtbot.mouseClick(page.add_files_button, Qt.MouseButton.LeftButton)  # the export, through "Add files..."
    assert page.table.rowCount() == 13
    # the export's preview and the pickers, guessed from its fields
    assert page.records_group.isVisible() and page.preview.rowCount() == 5
    assert [page.preview.horizontalHeaderItem(i).text() for i in range(page.preview.columnCount())] == \
        ["id", "text", "type", "patient"]
    picked = {k: c.currentData() for k, c in page.field_combos.items()}
    assert picked == {"text": "text", "id": "id", "type": "type", "patient": "patient", "title": None, "date": None}

    run_import(qtbot, window)
    statuses = page.statuses()
    assert {key for key, _ in statuses.values()} == {IMPORTED}, statuses
    assert statuses["reports.jsonl"][1] == "Imported: 6 new documents"
    with Project.open(path, readonly=True) as project:
        info = project.info()
        assert info["documents"] == 18 and info["patients"] > 0
        assert {d["doc_type"] for d in project.documents("source LIKE ?", ["%reports.jsonl#%"])} != {None}
    assert "18 documents" in page.status.done_text() and "Pseudonymize" in page.status.next_text()
    assert "Imported 18 new documents" in page.banner.text()
    assert window.pages["project"].info_labels["documents"].text() == "18"  # every page saw the new counts

    run_import(qtbot, window)  # the same files again: nothing new
    statuses = page.statuses()
    assert {key for key, _ in statuses.values()} == {ALREADY}
    assert {text for _, text in statuses.values()} == {"Already in the project"}
    with Project.open(path, readonly=True) as project:
        assert project.info()["documents"] == 18
    assert "18 were already in the project" in page.banner.text()


def test_rejected_files_show_their_reason(qtbot, window, tmp_path):
    create_project(qtbot, window, tmp_path / "p.appliance")
    window.show_page("import")
    page = window.pages["import"]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Befund: Kein Anhalt für Infiltrat.\nBeurteilung: Unauffällig.", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.tiff").write_bytes(b"II*\x00" + b"\x00" * 50)
    (folder / "export.jsonl").write_text(
        json.dumps({"doc": "a1", "body": "Befund: Normalbefund der Lunge."}) + "\nnot json\n"
        + json.dumps({"doc": "a2", "body": ""}) + "\n", encoding="utf-8")
    page.add_paths([folder])
    assert page.table.rowCount() == 4
    picked = {k: c.currentData() for k, c in page.field_combos.items()}
    assert picked["text"] == "body" and picked["id"] is None  # "doc" is not a known id name: the line number is used
    page.field_combos["id"].setCurrentIndex(page.field_combos["id"].findData("doc"))  # the steward picks it
    run_import(qtbot, window)
    statuses = page.statuses()
    assert statuses["good.txt"] == (IMPORTED, "Imported")
    assert statuses["empty.txt"] == (REJECTED, "Rejected: empty file")
    assert statuses["scan.tiff"] == (REJECTED, "Rejected: unsupported file type '.tiff'")
    key, text = statuses["export.jsonl"]
    assert key == IMPORTED and text.startswith("Imported: 1 new documents; 2 records rejected (first: line 2, ")
    with Project.open(tmp_path / "p.appliance", readonly=True) as project:
        assert project.info()["documents"] == 2
        assert {d["external_id"] for d in project.documents()} == {None, "a1"}
    assert "4 could not be imported (see the list)" in page.banner.text()  # 2 files, 2 records


def test_import_without_a_project_points_to_the_project_page(qtbot, window, tmp_path):
    window.show_page("import")
    page = window.pages["import"]
    (tmp_path / "a.txt").write_text("Befund: unauffällig.", encoding="utf-8")
    page.add_paths([tmp_path / "a.txt"])
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert "No project is open" in page.banner.text() and not window.project_host.busy
    qtbot.mouseClick(page.banner.action_button, Qt.MouseButton.LeftButton)
    assert window.current_page().key == "project"


def test_cancel_an_import_keeps_what_it_imported(qtbot, window, tmp_path):
    create_project(qtbot, window, tmp_path / "p.appliance")
    window.show_page("import")
    page = window.pages["import"]
    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Befund: Herd {i}. Beurteilung: Kontrolle."}) + "\n"
                           for i in range(20000)), encoding="utf-8")
    page.add_paths([big])
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    op = page.progress_panel.op

    def some_imported() -> bool:
        m = re.search(r"\((\d+) new documents\)", page.progress_panel.bar.format())
        return op.state == "running" and m is not None and int(m.group(1)) > 0

    qtbot.waitUntil(some_imported, timeout=10_000)
    qtbot.mouseClick(page.progress_panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: op.state in ("done", "cancelled", "failed"), timeout=10_000)
    assert op.state == "cancelled" and "cancelled" in page.banner.text()
    with Project.open(tmp_path / "p.appliance", readonly=True) as project:
        kept = project.info()["documents"]
        assert 0 < kept < 20000 and project.jobs("import")[-1]["status"] == "cancelled"


def test_the_preview_reads_a_semicolon_csv_in_cp1252(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("Nr;Befundtext;Datum\n1;Röntgen Thorax: unauffällig;03.04.2021\n2;MRT Knie: Meniskusläsion;04.04.2021\n"
                     .encode("cp1252"))
    fields, rows = preview_records(path)
    assert fields == ["Nr", "Befundtext", "Datum"] and rows[0]["Befundtext"] == "Röntgen Thorax: unauffällig"
    assert guess_field("text", fields, rows) == "Befundtext" and guess_field("id", fields, rows) is None
