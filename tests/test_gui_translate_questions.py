"""The Translate and Questions pages (offscreen): no translation model -> the skip offer, and skipping
moves on; a run with the tiny translation model; questions with the offline heuristic, their counts per
document type and a sample beside the sections."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import Qt  # noqa: E402

from appliance.models import ModelStore  # noqa: E402
from appliance.paths import samples_dir  # noqa: E402
from appliance.project import Project  # noqa: E402
from gui_support import project_with_samples, pseudonymized_project, wait_idle  # noqa: E402

pytestmark = pytest.mark.gui

GERMAN = [samples_dir() / "reports" / "de_radiology_mrt_knie.txt", samples_dir() / "reports" / "de_pathology_kolon.txt"]


def test_no_translation_model_offers_to_skip(qtbot, window, tmp_path):
    path = tmp_path / "p.appliance"
    pseudonymized_project(qtbot, window, path, GERMAN)
    window.show_page("translate")
    page = window.pages["translate"]
    qtbot.waitUntil(lambda: page._state is not None and page._state["pseudonymized"] > 0, timeout=5_000)
    assert page.none_label.isVisible() and "No translation model is installed" in page.none_label.text()
    assert "English" in page.none_label.text()  # what staying in German means for the English base model
    assert page.skip_button.isVisible() and not page.run_button.isVisible()
    assert "No translation model is installed" in page.status.done_text()
    qtbot.mouseClick(page.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_page().key == "questions", timeout=5_000)
    with Project.open(path, readonly=True) as p:
        assert p.db.execute("SELECT count(*) FROM section_texts WHERE stage = 'translated'").fetchone()[0] == 0
        assert "translate-skipped" in [a["action"] for a in p.audit_log()]
    qtbot.waitUntil(lambda: "skipped" in page.status.done_text(), timeout=5_000)


def test_translate_with_the_tiny_model(qtbot, window, tmp_path, tiny_translation_model):
    _, ct2_dir = tiny_translation_model
    ModelStore().add(ct2_dir, "translation", name="tiny-de-en", languages=["de", "en"])  # the test's own store
    path = tmp_path / "p.appliance"
    pseudonymized_project(qtbot, window, path, GERMAN[:1])
    window.show_page("translate")
    page = window.pages["translate"]
    qtbot.waitUntil(lambda: page._state is not None and page._state["models"] == ["tiny-de-en"], timeout=5_000)
    assert page.run_button.isVisible() and not page.skip_button.isVisible() and not page.none_label.isVisible()
    assert "tiny-de-en" in page.models_label.text() and page.model_combo.currentData() == "tiny-de-en"
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window, 60_000)
    assert "Translated" in page.banner.text() and "tiny-de-en" in page.banner.text()
    with Project.open(path, readonly=True) as p:
        q = lambda sql: p.db.execute(sql).fetchone()[0]  # noqa: E731
        sections = q("SELECT count(*) FROM sections")
        assert sections > 0 and q("SELECT count(*) FROM section_texts WHERE stage = 'translated'") == sections
        assert q("SELECT count(*) FROM section_texts WHERE stage = 'translated' AND language = 'en'") == sections
    qtbot.waitUntil(lambda: "All" in page.status.done_text(), timeout=5_000)
    # the Questions page now offers the translations
    questions = window.pages["questions"]
    qtbot.waitUntil(lambda: questions._state is not None and questions._state["translated"] > 0, timeout=5_000)
    assert questions.translated_check.isEnabled() and questions.translated_check.isChecked()


def test_questions_with_the_heuristic_and_the_sample(qtbot, window, tmp_path):
    path = tmp_path / "p.appliance"
    pseudonymized_project(qtbot, window, path)
    window.show_page("questions")
    page = window.pages["questions"]
    qtbot.waitUntil(lambda: page._state is not None, timeout=5_000)
    # no generator model installed: only the heuristic, with its honest note
    assert page.radios["heuristic"].isChecked() and not page.radios["llm"].isEnabled()
    assert not page.radios["doc2query"].isEnabled()
    assert "does not make the search model better" in page.notes["heuristic"].text()
    assert page.options().generator == "heuristic" and not page.options().use_translation
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window, 30_000)
    assert "questions for" in page.banner.text()
    with Project.open(path, readonly=True) as p:
        n = p.db.execute("SELECT count(*) FROM questions").fetchone()[0]
        by_type = dict(p.db.execute("SELECT coalesce(d.doc_type, 'unknown'), count(*) FROM questions q "
                                    "JOIN documents d ON d.id = q.document_id GROUP BY 1").fetchall())
        assert p.db.execute("SELECT count(*) FROM questions WHERE source_stage != 'pseudonymized'").fetchone()[0] == 0
    assert n > 0
    qtbot.waitUntil(lambda: page.counts() == by_type, timeout=5_000)
    qtbot.waitUntil(lambda: page.sample_table.rowCount() > 0, timeout=5_000)
    first = page.sample[0]
    assert page.sample_table.item(0, 0).text() == first["question"]
    assert page.section_view.toPlainText() == first["section"] and first["section"]
    page.sample_table.selectRow(page.sample_table.rowCount() - 1)
    assert page.section_view.toPlainText() == page.sample[-1]["section"]
    assert f"{n:,} questions so far" in page.status.done_text()


def test_an_installed_generator_is_offered_by_kind(qtbot, window, tmp_path, tiny_doc2query):
    _, ct2_dir = tiny_doc2query
    ModelStore().add(ct2_dir, "generator", name="tiny-d2q")
    project_with_samples(qtbot, window, tmp_path / "p.appliance", GERMAN[:1])
    page = window.pages["questions"]
    qtbot.waitUntil(lambda: page._state is not None, timeout=5_000)
    assert page.radios["doc2query"].isEnabled() and page.radios["doc2query"].isChecked()
    assert not page.radios["llm"].isEnabled()
    assert page.options().generator == "doc2query:tiny-d2q"
