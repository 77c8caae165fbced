"""The Pseudonymize page (offscreen) on the bundled sample reports: passphrase with confirmation (a
mismatch refused), the run, the review (reject a span, add one from a text selection, apply), a wrong
passphrase the second time, and irreversible mode with its warning."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import Qt  # noqa: E402

from appliance.gui.highlight import OffsetMap  # noqa: E402
from appliance.gui.mainwindow import MainWindow  # noqa: E402
from appliance.paths import samples_dir  # noqa: E402
from appliance.project import Project  # noqa: E402
from gui_support import project_with_samples, pseudonymized_project, wait_idle  # noqa: E402

pytestmark = pytest.mark.gui

PASSPHRASE = "correct horse battery"


def pseudonymize(qtbot, window: MainWindow, passphrase: str, confirm: str | None = None):
    page = window.pages["pseudonymize"]
    window.show_page("pseudonymize")
    page.passphrase_edit.clear()
    qtbot.keyClicks(page.passphrase_edit, passphrase)
    if confirm is not None:
        page.confirm_edit.clear()
        qtbot.keyClicks(page.confirm_edit, confirm)
    qtbot.keyClick(page.confirm_edit if confirm is not None else page.passphrase_edit, Qt.Key.Key_Return)  # Enter runs
    wait_idle(qtbot, window)
    return page


def counts(path: Path) -> dict:
    with Project.open(path, readonly=True) as p:
        q = lambda sql: p.db.execute(sql).fetchone()[0]  # noqa: E731
        return {"documents": q("SELECT count(*) FROM documents"), "deid": q("SELECT count(*) FROM deid_documents"),
                "mode": p.get_setting("vault.mode")}


def section_text(path: Path, document_id: int) -> str:
    with Project.open(path, readonly=True) as p:
        return "\n".join(r[0] for r in p.db.execute(
            "SELECT t.text FROM section_texts t JOIN sections s ON s.id = t.section_id "
            "WHERE s.document_id = ? AND t.stage = 'pseudonymized' ORDER BY s.ord", [document_id]))


def test_passphrase_run_review_and_apply(qtbot, window, tmp_path):
    path = tmp_path / "p.appliance"
    project_with_samples(qtbot, window, path)
    page = window.pages["pseudonymize"]
    window.show_page("pseudonymize")
    qtbot.waitUntil(lambda: page._state is not None, timeout=5_000)
    assert page.confirm_edit.isVisible() and page.passphrase_edit.echoMode() == page.passphrase_edit.EchoMode.Password
    assert "None of the 12 documents" in page.status.done_text()

    # a mismatch is refused, nothing runs
    pseudonymize(qtbot, window, PASSPHRASE, PASSPHRASE + "x")
    assert "not the same" in page.mismatch_label.text() and "not the same" in page.banner.text()
    assert counts(path)["deid"] == 0
    pseudonymize(qtbot, window, "short", "short")
    assert "at least 8 characters" in page.banner.text() and counts(path)["deid"] == 0

    pseudonymize(qtbot, window, PASSPHRASE, PASSPHRASE)
    state = counts(path)
    assert state == {"documents": 12, "deid": 12, "mode": "encrypted"}
    assert "Pseudonymized 12 documents" in page.banner.text()
    assert PASSPHRASE not in page.banner.text()
    # the project now has a map: one field, no confirmation
    qtbot.waitUntil(lambda: page.has_map() and not page.confirm_edit.isVisible(), timeout=5_000)
    assert page.passphrase_edit.isVisible() and not page.irreversible_check.isVisible()

    # the review: riskiest first, a document's text with its spans
    review = page.review
    qtbot.waitUntil(lambda: page.review_group.isVisible() and review.docs_table.rowCount() == 12, timeout=10_000)
    risks = [int(review.docs_table.item(r, 3).text()) for r in range(12)]
    assert risks == sorted(risks, reverse=True)
    qtbot.waitUntil(lambda: review.detail is not None, timeout=5_000)
    doc = review.detail["document_id"]
    text = review.detail["text"]
    assert review.text_view.toPlainText() == text.replace("\r\n", "\n")
    assert review.span_table.rowCount() == len(review.detail["spans"]) > 0
    assert sum(review.summary().values()) > 0 and "DATE" in review.summary()
    # spans are coloured, risk items underlined
    first = review.detail["spans"][0]
    fmt_cursor = review.text_view.textCursor()
    fmt_cursor.setPosition(review.offsets.to_qt(first["start"]) + 1)
    assert fmt_cursor.charFormat().background().color().isValid()
    assert fmt_cursor.charFormat().background().style() != Qt.BrushStyle.NoBrush

    # reject the first span (select its row, press Re&ject)
    review.span_table.selectRow(0)
    rejected_text = text[first["start"]:first["end"]]
    assert review.text_view.textCursor().selectedText() == rejected_text.replace("\n", "\u2029")
    qtbot.mouseClick(review.reject_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: review.detail is not None and any(
        s["id"] == first["id"] and s["status"] == "rejected" for s in review.detail["spans"]), timeout=5_000)
    assert review.span_table.item(0, 4).text() == "rejected"

    # add a span from a selection: a name-like word the detectors left in the text (a risk item)
    before = section_text(path, doc)
    item = next(r for r in review.detail["risks"] if r.kind == "unreplaced" and r.start >= first["end"]
                and text[r.start:r.end] in before)
    missed = text[item.start:item.end]
    review.select_text(item.start, item.end)
    assert review.add_button.isEnabled()
    review.label_combo.setCurrentIndex(review.label_combo.findData("NAME_OTHER"))
    qtbot.mouseClick(review.add_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: any(s["status"] == "added" for s in review.detail["spans"]), timeout=5_000)
    added = next(s for s in review.detail["spans"] if s["status"] == "added")
    assert (added["start"], added["end"], added["label"]) == (item.start, item.end, "NAME_OTHER")
    assert "not applied yet" in review.pending_label.text()

    # apply: the pseudonymized text changes accordingly
    qtbot.mouseClick(review.apply_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "review is applied" in page.banner.text(), timeout=5_000)
    after = section_text(path, doc)
    assert after != before
    assert after.count(missed) < before.count(missed)
    if rejected_text not in before:  # the rejected span's original text is back in the pseudonymized text
        assert rejected_text in after
    assert not review.changed and review.pending_label.text() == ""
    with Project.open(path, readonly=True) as p:
        assert [a["action"] for a in p.audit_log()].count("review-applied") == 1
    for log_file in (tmp_path / "log").rglob("*"):  # neither the passphrase nor document text in the log
        if log_file.is_file():
            logged = log_file.read_text(encoding="utf-8", errors="replace")
            assert PASSPHRASE not in logged and missed not in logged


def test_wrong_passphrase_the_second_time_is_refused(qtbot, window, tmp_path):
    path = tmp_path / "p.appliance"
    project_with_samples(qtbot, window, path, [samples_dir() / "reports" / "de_pathology_kolon.txt"])
    page = pseudonymize(qtbot, window, PASSPHRASE, PASSPHRASE)
    assert counts(path)["deid"] == 1
    qtbot.waitUntil(lambda: page.has_map(), timeout=5_000)
    # new documents, and the wrong passphrase in the one field
    window.pages["import"].add_paths([samples_dir() / "reports" / "de_radiology_mrt_knie.txt"])
    qtbot.mouseClick(window.pages["import"].import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    pseudonymize(qtbot, window, "not the passphrase")
    assert "not the passphrase this project was protected with" in page.banner.text()
    assert page.banner.kind == "error" and counts(path)["deid"] == 1
    pseudonymize(qtbot, window, PASSPHRASE)
    assert counts(path)["deid"] == 2 and "Pseudonymized 1 documents" in page.banner.text()


def test_irreversible_mode_warns_and_needs_no_passphrase(qtbot, window, tmp_path):
    path = tmp_path / "p.appliance"
    project_with_samples(qtbot, window, path, [samples_dir() / "reports" / "en_pathology_breast.txt"])
    page = window.pages["pseudonymize"]
    window.show_page("pseudonymize")
    qtbot.waitUntil(lambda: page._state is not None, timeout=5_000)
    assert not page.irreversible_warning.isVisible()
    qtbot.keyClick(page.irreversible_check, Qt.Key.Key_Space)  # from the keyboard
    assert page.irreversible_check.isChecked()
    assert page.irreversible_warning.isVisible() and "cannot be undone" in page.irreversible_warning.text()
    assert not page.passphrase_edit.isVisible() and not page.confirm_edit.isVisible()
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert counts(path) == {"documents": 1, "deid": 1, "mode": "irreversible"}
    qtbot.waitUntil(lambda: page.review.docs_table.rowCount() == 1 and page.review.detail is not None, timeout=10_000)
    assert "irreversible mode" in page.mode_label.text() and not page.irreversible_check.isVisible()
    # apply works without a passphrase
    page.review.span_table.selectRow(0)
    qtbot.mouseClick(page.review.accept_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.mouseClick(page.review.apply_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "review is applied" in page.banner.text(), timeout=5_000)


def test_strict_mode_from_the_page_is_recorded_per_document(qtbot, window, tmp_path):
    import json

    from appliance.pipeline.phi import detect_phi

    path = tmp_path / "p.appliance"
    letter = samples_dir() / "reports" / "de_pathology_kolon.txt"
    project_with_samples(qtbot, window, path, [letter])
    page = window.pages["pseudonymize"]
    window.show_page("pseudonymize")
    qtbot.waitUntil(lambda: page._state is not None, timeout=5_000)
    assert page.strict_check.isVisible() and not page.strict_check.isChecked()  # off by default
    assert "another hospital" in page.strict_note.text()
    assert not page.threshold_spin.isVisible()  # no PHI model installed: no threshold to set
    page.irreversible_check.setChecked(True)
    qtbot.keyClick(page.strict_check, Qt.Key.Key_Space)
    assert page.options("").strict and page.options("").threshold == 0.5
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    with Project.open(path, readonly=True) as project:
        detector = json.loads(project.db.execute("SELECT detector FROM deid_documents").fetchone()[0])
        spans = project.db.execute("SELECT count(*) FROM entities").fetchone()[0]
        text = project.db.execute("SELECT text FROM documents").fetchone()[0]
    assert detector["strict"] is True
    assert spans > len(detect_phi(text, "de"))  # strict replaced more than the default rules would
    qtbot.waitUntil(lambda: "1 of them in strict mode" in page.status.done_text(), timeout=5_000)


def test_a_long_review_list_shows_the_riskiest_and_counts_the_rest(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr("appliance.gui.review.REVIEW_LIST_LIMIT", 3)
    path = tmp_path / "p.appliance"
    pseudonymized_project(qtbot, window, path)
    page = window.pages["pseudonymize"]
    qtbot.waitUntil(lambda: page.review.docs_table.rowCount() == 3, timeout=10_000)
    total = counts(path)["deid"]
    assert total > 3 and page.review.limit_label.isVisible()
    assert f"The 3 riskiest of {total} documents" in page.review.limit_label.text()
    risks = [int(page.review.docs_table.item(r, 3).text()) for r in range(3)]
    assert risks == sorted(risks, reverse=True)
    with Project.open(path, readonly=True) as p:  # the summary counts every document, not only those listed
        every = dict(p.db.execute("SELECT label, count(*) FROM entities WHERE status != 'rejected' GROUP BY label"))
        assert min(r for (r,) in p.db.execute("SELECT risks FROM deid_documents ORDER BY risks DESC LIMIT 3")) \
            == risks[-1]
    qtbot.waitUntil(lambda: page.review.summary() == every, timeout=10_000)


def test_offsets_map_surrogate_pairs_and_crlf():
    text = "a\r\nb😀c"
    m = OffsetMap(text)
    assert [m.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 1, 2, 3, 5, 6]
    assert m.to_text(5) == 5 and m.to_text(3) == 4 and m.to_text(1) == 1
