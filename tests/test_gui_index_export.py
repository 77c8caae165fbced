"""The Index and Export pages, the models panel, and how `appliance demo` chooses between the desktop app
and the terminal (offscreen; the project is prepared through the core as in test_gui_train_evaluate)."""
from __future__ import annotations

import argparse
import sys

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import Qt  # noqa: E402

from appliance.project import Project  # noqa: E402
from gui_support import finished, open_in  # noqa: E402
from test_gui_train_evaluate import prepare_project  # noqa: E402

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton


def test_index_page_explains_the_text_builds_the_index_and_shows_what_is_searchable(qtbot, window, tmp_path):
    path = prepare_project(tmp_path / "p.appliance")
    open_in(qtbot, window, path)
    window.show_page("index")
    page = window.pages["index"]
    qtbot.waitUntil(lambda: page._state is not None, timeout=10_000)
    assert "invented ones" in page.pseudonymized_note.text() and "real names" in page.original_note.text()
    assert page.pseudonymized_radio.isChecked() and page.source() == "pseudonymized"
    assert "nothing yet" in page.current_label.text() and "No search index yet" in page.status.done_text()
    assert "base model" in page.model_label.text()
    qtbot.mouseClick(page.build_button, LEFT)
    op = page.progress_panel.op
    qtbot.waitUntil(lambda: finished(op), timeout=60_000)
    assert op.state == "done", op.error
    with Project.open(path, readonly=True) as project:
        sections = project.info()["sections"]
        pseudonymized = project.db.execute("SELECT count(*) FROM section_texts WHERE stage = 'pseudonymized'").fetchone()[0]
        assert project.get_setting("index.source") == "pseudonymized"
    qtbot.waitUntil(lambda: "pseudonymized text" in page.current_label.text(), timeout=10_000)
    counts = page.counts()
    assert counts["sections"] == f"{sections:,}"
    assert counts["keyword_sections"] == counts["vector_sections"] == f"{pseudonymized:,}"
    assert counts["not_searchable"] == f"{sections - pseudonymized:,}"
    assert counts["documents"] == "18 of 18"
    assert f"{pseudonymized:,} sections searchable" in page.banner.text()
    assert page.build_button.text() == "&Update the index"
    assert window.pages["project"].info_labels["index"].text().startswith("pseudonymized text")


def test_export_page_exports_a_confirmed_bundle_that_the_models_panel_imports(qtbot, window, tmp_path, encoder):
    from appliance.pipeline.bundle import verify_bundle
    from project_support import trained_sample_project

    path = trained_sample_project(tmp_path / "x.appliance", encoder)
    open_in(qtbot, window, path)
    window.show_page("export")
    page = window.pages["export"]
    qtbot.waitUntil(lambda: page._state is not None, timeout=20_000)
    assert "A tuned model is ready" in page.state_label.text() and "strict mode no" in page.state_label.text()
    assert page.export_button.isEnabled()
    asked = []
    page.confirm = lambda reasons: asked.append(reasons) or False  # first: the user says no
    op = page.export_to(str(tmp_path / "no.zip"))
    qtbot.waitUntil(lambda: finished(op), timeout=60_000)
    assert op.state == "failed" and asked and "strict mode" in asked[0] and not (tmp_path / "no.zip").exists()
    page.confirm = lambda reasons: asked.append(reasons) or True
    page.export_to(str(tmp_path / "b.zip"))  # refused first, confirmed, then exported by a second op
    qtbot.waitUntil(lambda: "Wrote" in page.banner.text(), timeout=120_000)
    assert "found none" in page.banner.text() and "The card states what you confirmed" in page.banner.text()
    assert verify_bundle(tmp_path / "b.zip").ok

    from appliance.models import ModelStore

    dialog = window.open_models()
    dialog.store = ModelStore(tmp_path / "store")
    dialog.import_bundle(str(tmp_path / "b.zip"), name="from-export")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
    assert "Imported the bundle" in dialog.status_label.text()
    assert any(r.startswith("from-export") for r in dialog.rows()["embedding"])


def test_models_panel_lists_verifies_and_adds_a_model(qtbot, window, tmp_path):
    dialog = window.open_models()
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    rows = dialog.rows()
    assert list(rows) == ["embedding", "ner", "translation", "generator"]
    assert rows["embedding"][0].startswith("all-MiniLM-L6-v2 | en | Apache-2.0 | built in | not checked yet")
    assert any("rules and word lists" in r for r in rows["ner"])
    assert any("Translate step is skipped" in r for r in rows["translation"])
    assert any("offline heuristic" in r for r in rows["generator"])
    qtbot.mouseClick(dialog.verify_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
    assert dialog.rows()["embedding"][0].endswith("| verified")
    assert "verified" in dialog.status_label.text()

    folder = tmp_path / "tiny-embedder"
    folder.mkdir()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "modules.json").write_text("[]", encoding="utf-8")
    dialog.add_model(str(folder), "embedding", name="tiny-embedder-gui", languages=["de"], license="MIT")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert "Added “tiny-embedder-gui” (2 files)" in dialog.status_label.text()
    assert any(r.startswith("tiny-embedder-gui | de | MIT | 2") for r in dialog.rows()["embedding"])
    dialog.add_model(str(tmp_path / "missing"), "embedding")  # refused with the store's reason
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert "could not be added" in dialog.status_label.text() and "is not a folder" in dialog.status_label.text()
    dialog.close()


def _args(**kw) -> argparse.Namespace:
    return argparse.Namespace(**({"no_gui": False, "json": False} | kw))


def test_demo_opens_the_app_only_where_there_is_a_display(monkeypatch):
    from appliance.cli.demo import wants_gui

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert wants_gui(_args())
    assert not wants_gui(_args(no_gui=True)) and not wants_gui(_args(json=True))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # headless CI and these tests
    assert not wants_gui(_args())
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert wants_gui(_args())
    monkeypatch.delenv("DISPLAY")
    assert not wants_gui(_args())
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.delenv("QT_QPA_PLATFORM")
    assert wants_gui(_args())


def test_demo_no_gui_keeps_the_terminal_run(tmp_path, monkeypatch, capsys):
    from appliance.cli import main

    monkeypatch.setenv("DISPLAY", ":0")  # even with a display
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    opened, chains = [], []
    monkeypatch.setattr("appliance.gui.demo.open_demo", lambda *a, **k: opened.append(a) or 0)
    from appliance.pipeline import demo

    # the chain itself is tested in test_demo.py; here only which front end runs it
    monkeypatch.setattr(demo, "run_demo", lambda project, options, control=None: chains.append(options)
                        or demo.DemoReport(steps_asked=options.steps, documents=18, sections=127))
    p = tmp_path / "demo.appliance"
    assert main(["demo", "--no-gui", "--project", str(p), "--steps", "0"]) == 0
    out = capsys.readouterr().out
    assert not opened and len(chains) == 1 and "Sample reports: " in out and "18 documents" in out
    assert main(["demo", "--project", str(p), "--steps", "0"]) == 0  # without the flag: the app
    assert opened and opened[0][0] == p and "opening the desktop app" in capsys.readouterr().out
    assert len(chains) == 1  # the app runs the chain itself (appliance.gui.demo), not the terminal
