"""The search window (offscreen): the demo's judged queries find their reports, filters narrow the
list, the viewer highlights and steps through every hit, the patient view, saved searches across a
reopen, the CSV export, the audit of each search; and the judged-question builder, whose set
round-trips through ``appliance judged export/import`` with the same ``appliance evaluate`` figures."""
from __future__ import annotations

import csv
import json
import shutil
import threading

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import QSettings, Qt  # noqa: E402

from appliance.cli import main as cli  # noqa: E402
from appliance.paths import samples_dir  # noqa: E402
from appliance.pipeline.index import IndexOptions, run_index  # noqa: E402
from appliance.pipeline.ingest import ImportOptions, run_import  # noqa: E402
from appliance.pipeline.judged import read_qrels, read_queries  # noqa: E402
from appliance.pipeline.search import document_keys, term_highlights  # noqa: E402
from appliance.pipeline.search_history import AUDIT_QUERY_SETTING  # noqa: E402
from appliance.project import Project  # noqa: E402

pytestmark = pytest.mark.gui
JUDGED = samples_dir() / "judged"
USER = Qt.ItemDataRole.UserRole


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """The sample reports (the twelve files, and the six JSONL rows with patient ids), indexed from the
    original text with the default model: built once, copied for each test."""
    path = tmp_path_factory.mktemp("search") / "search.appliance"
    with Project.create(path) as p:
        run_import(p, ImportOptions(paths=[str(samples_dir() / "reports")]))
        run_import(p, ImportOptions(paths=[str(samples_dir() / "reports.jsonl")], id_field="id", type_field="type",
                                    patient_field="patient"))
        run_index(p, IndexOptions(source="original", device="cpu"))
    return path


def copy_project(source, path) -> None:
    """A project file with its artefacts (the vector file lives beside it)."""
    shutil.copy(source, path)
    shutil.copytree(source.with_name(source.name + ".artefacts"), path.with_name(path.name + ".artefacts"))


@pytest.fixture
def search_window(qtbot, tmp_path, indexed, monkeypatch):
    monkeypatch.setenv("APPLIANCE_LOG_DIR", str(tmp_path / "log"))
    from appliance.gui.search_window import SearchWindow

    path = tmp_path / "search.appliance"
    copy_project(indexed, path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    windows = []

    def open_window(ready: bool = True) -> SearchWindow:
        w = SearchWindow(project=path, settings=settings)
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
        qtbot.waitUntil(lambda: w.project_host.path is not None, timeout=10_000)
        if ready:
            qtbot.waitUntil(lambda: w.model_state == "ready", timeout=60_000)
        return w

    open_window.path = path
    yield open_window
    for w in windows:
        w.close()


def run_search(qtbot, w, text: str, recorded: bool = True) -> None:
    """Type the query and press Enter; wait for the list (and the search's record in the project)."""
    before, shown = w.recorded, w.searches
    w.query_edit.setText(text)
    w.query_edit.setFocus()
    qtbot.keyClick(w.query_edit, "\r")
    qtbot.waitUntil(lambda: w._search_op is None and w.searches == shown + 1, timeout=20_000)
    assert w.result.query == text.strip()
    if recorded:
        qtbot.waitUntil(lambda: w.recorded == before + 1, timeout=10_000)


def keys_listed(w) -> list[str]:
    with Project.open(w.project_host.path, readonly=True) as p:
        keys = document_keys(p)
    return [keys[d] for d in w.result_ids()]


def test_the_demo_judged_queries_bring_their_report_to_the_top(qtbot, search_window):
    w = search_window()
    queries, qrels = read_queries(JUDGED / "queries.jsonl"), read_qrels(JUDGED / "qrels.tsv")
    found = []
    for qid in list(qrels)[:6]:
        run_search(qtbot, w, queries[qid])
        assert w.result.mode == "hybrid"
        top = keys_listed(w)[:3]
        found.append(any(doc in top for doc in qrels[qid]))
    assert sum(found) >= 5, found
    assert "found in" in w.count_label.text()


def test_filters_narrow_the_list(qtbot, search_window):
    w = search_window()
    run_search(qtbot, w, "Befund")
    everything = w.result_ids()
    w.type_combo.setCurrentIndex(w.type_combo.findData("radiology"))
    run_search(qtbot, w, "Befund")
    radiology = w.result_ids()
    assert radiology and set(radiology) < set(everything)
    assert all(h.doc_type == "radiology" for h in w.result.documents)
    w.type_combo.setCurrentIndex(0)
    w.patient_edit.setText("P-0002")
    run_search(qtbot, w, "Befund")
    assert w.result.documents and {h.patient_id for h in w.result.documents} == {"P-0002"}
    assert w.patients_tree.topLevelItemCount() == 1 and w.patients_tree.topLevelItem(0).text(0) == "P-0002"


def test_the_patient_view_groups_the_hits(qtbot, search_window):
    w = search_window()
    run_search(qtbot, w, "Befund Beurteilung")
    tree = w.patients_tree
    patients = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    listed = sum(tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount()))
    assert listed == len(w.result_ids())  # every listed report once, under its patient
    assert "P-0002" in patients and tree.topLevelItem(patients.index("P-0002")).text(1) == "2"


def test_the_viewer_highlights_every_hit_and_steps_between_them(qtbot, search_window):
    w = search_window()
    run_search(qtbot, w, "Kreuzband Knie")
    qtbot.waitUntil(lambda: w.viewer.view is not None, timeout=10_000)
    view = w.viewer.view
    assert view.title == "de_radiology_mrt_knie"
    expected = sum(len(term_highlights(s.text, "Kreuzband Knie")) + len(term_highlights(s.header or "", "Kreuzband Knie"))
                   for s in view.sections)  # the headings' words are marked too
    assert expected >= 2 and len(w.viewer.hits) == expected
    assert w.viewer.source_label.text().startswith("This is the original text")
    first = w.viewer.selected_text()
    assert first.lower().startswith(("kreuzband", "knie"))
    w.viewer.next_hit()
    assert w.viewer.current == 1 and w.viewer.selected_text().lower().startswith(("kreuzband", "knie"))
    assert w.viewer.hit_label.text() == f"Hit 2 of {expected}"
    w.viewer.previous_hit()
    w.viewer.previous_hit()  # from the first hit back to the last
    assert w.viewer.current == expected - 1
    assert w.viewer.outline.count() == len(view.sections)


def test_a_saved_search_survives_closing_and_reopening(qtbot, search_window):
    w = search_window()
    w.query_edit.setText("Kreuzband")
    w.mode_combo.setCurrentIndex(w.mode_combo.findData("keyword"))
    op = w.save_as("Knie-Fragen")
    qtbot.waitUntil(lambda: op.state == "done", timeout=10_000)
    w.close()
    w2 = search_window(ready=False)
    qtbot.waitUntil(lambda: any(s["name"] == "Knie-Fragen" for s in w2.saved), timeout=10_000)
    names = [a.text() for a in w2.saved_menu.actions()]
    assert "Knie-Fragen" in names
    w2.saved_menu.actions()[names.index("Knie-Fragen")].trigger()
    qtbot.waitUntil(lambda: w2.result is not None and w2._search_op is None, timeout=10_000)
    assert w2.query_edit.text() == "Kreuzband" and w2.mode() == "keyword" and w2.result.documents


def test_the_csv_export_matches_the_list(qtbot, search_window, tmp_path):
    w = search_window()
    run_search(qtbot, w, "Befund")
    out = tmp_path / "list.csv"
    op = w.export_to(out)
    qtbot.waitUntil(lambda: op.state == "done", timeout=10_000)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["document_id"] for r in rows] == keys_listed(w)
    assert "text" not in rows[0]
    w.export_text_check.setChecked(True)
    op = w.export_to(out)
    qtbot.waitUntil(lambda: op.state == "done", timeout=10_000)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        assert all(r["text"] for r in csv.DictReader(fh))


def test_each_search_writes_one_audit_row_and_no_query_text_unless_enabled(qtbot, search_window):
    w = search_window()

    def searches() -> list[dict]:
        with Project.open(search_window.path, readonly=True) as p:
            return [json.loads(a["details"]) | {"os_user": a["os_user"]} for a in p.audit_log() if a["action"] == "search"]

    run_search(qtbot, w, "Cholezystektomie")
    w.patient_edit.setText("P-0002")
    run_search(qtbot, w, "Cholezystitis")
    rows = searches()
    assert len(rows) == 2 and all(r["os_user"] for r in rows)
    text = json.dumps(rows)
    assert "Cholezyst" not in text and "P-0002" not in text and rows[1]["filters"]["patient"] is True
    w.close()
    with Project.open(search_window.path) as p:
        p.set_setting(AUDIT_QUERY_SETTING, "1")
    w2 = search_window()
    run_search(qtbot, w2, "Gallenblase")
    assert len(searches()) == 3 and "Gallenblase" in json.dumps(searches()[-1])


def test_keyword_search_works_while_the_model_loads(qtbot, search_window, monkeypatch):
    from appliance.gui.search_window import SearchWindow

    gate = threading.Event()
    real = SearchWindow._load_model

    def slow(self, path, device):
        gate.wait(30)
        real(self, path, device)

    monkeypatch.setattr(SearchWindow, "_load_model", slow)
    w = search_window(ready=False)
    qtbot.waitUntil(lambda: w.model_state == "loading", timeout=10_000)
    assert "exact-word search works already" in w.query_edit.placeholderText()
    run_search(qtbot, w, "Kreuzbandruptur")
    assert w.result.mode == "keyword" and w.result.documents and "still loading" in w.count_label.text()
    gate.set()
    qtbot.waitUntil(lambda: w.model_state == "ready", timeout=60_000)
    run_search(qtbot, w, "Kreuzbandruptur")
    assert w.result.mode == "hybrid"


def test_a_judged_set_built_in_the_builder_round_trips_with_the_same_figures(qtbot, search_window, tmp_path, capsys):
    w = search_window()
    builder = w.open_judge_builder()
    qtbot.addWidget(builder)
    for question in ("Kreuzbandruptur im MRT", "Gallenblase entfernt"):
        builder.question_edit.setText(question)
        op = builder.add_question()
        qtbot.waitUntil(lambda op=op: op.state in ("done", "failed"), timeout=60_000)
        assert op.state == "done", op.error
        qtbot.waitUntil(lambda op=op: builder.candidates_query == op.result and builder.candidate_list.count() > 0,
                        timeout=10_000)
        relevant = {"Kreuzbandruptur im MRT": "knie", "Gallenblase entfernt": "cholezyst"}[question]
        while any(c.grade is None for c in builder.candidates):  # judge every candidate, as the clinician does
            qtbot.waitUntil(lambda: builder.candidate_list.currentItem() is not None and builder.viewer.view is not None
                            and builder.viewer.view.document_id == builder.candidate_list.currentItem().data(USER),
                            timeout=10_000)
            shown = builder.viewer.view
            assert next(c for c in builder.candidates if c.document_id == shown.document_id).grade is None  # next unjudged
            graded = sum(c.grade is not None for c in builder.candidates)
            pending = builder.judge_current(2 if relevant in (shown.external_id or shown.title or "").lower() else 0)
            qtbot.waitUntil(lambda graded=graded, pending=pending: pending.state == "done" and
                            sum(c.grade is not None for c in builder.candidates) == graded + 1, timeout=10_000)
    qtbot.waitUntil(lambda: "2 of 2 questions fully judged" in builder.progress_label.text(), timeout=10_000)

    name = builder.set_name()
    w.close()
    path = str(search_window.path)
    assert cli(["evaluate", path, "--judged", name, "--mode", "keyword", "--json"]) == 0
    built = json.loads(capsys.readouterr().out)
    assert cli(["judged", "export", path, name, str(tmp_path / "beir"), "--json"]) == 0
    capsys.readouterr()
    assert cli(["judged", "import", path, str(tmp_path / "beir"), "--name", "again", "--json"]) == 0
    capsys.readouterr()
    assert cli(["evaluate", path, "--judged", "again", "--mode", "keyword", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert built["metrics"] == again["metrics"] and built["queries"] == again["queries"] == 2


def test_the_evaluate_page_offers_the_project_s_judged_questions(qtbot, window, indexed, tmp_path):
    from appliance.pipeline.judged_sets import add_query, candidates, judge
    from gui_support import finished, open_in

    path = tmp_path / "judged.appliance"
    copy_project(indexed, path)
    with Project.open(path) as p:
        q = add_query(p, "Station 4", "Kreuzbandruptur", device="cpu")
        for c in candidates(p, q):
            judge(p, q, c.document_id, 2 if c.title == "de_radiology_mrt_knie" else 0)
    open_in(qtbot, window, path)
    page = window.pages["evaluate"]
    window.show_page("evaluate")
    qtbot.waitUntil(lambda: page._state is not None and page.built_combo.count() == 1, timeout=10_000)
    assert page.built_radio.isChecked() and page.built_combo.currentData() == "Station 4"
    assert "1 questions, 1 judged" in page.built_combo.currentText()
    op = page.start_measure()
    qtbot.waitUntil(lambda: finished(op), timeout=60_000)
    assert op.state == "done", op.error
    with Project.open(path, readonly=True) as p:
        configs = [json.loads(r[0]) for r in p.db.execute("SELECT config FROM runs WHERE kind = 'evaluate'")]
    assert [(c["judged_set"], c["model"]) for c in configs] == [("Station 4", "base")]  # no tuned model yet
    qtbot.waitUntil(lambda: page.set_combo.count() == 1 and "Station 4" in page.set_combo.currentText(), timeout=10_000)


def test_the_wizard_opens_the_search_window_on_its_own_project(qtbot, window, indexed, tmp_path):
    from gui_support import open_in

    path = tmp_path / "wizard.appliance"
    copy_project(indexed, path)
    open_in(qtbot, window, path)
    window.search_action.trigger()
    w = window.search_window
    assert w.isVisible() and w.project_host is window.project_host  # one writer for the project
    qtbot.waitUntil(lambda: w.model_state == "ready", timeout=60_000)
    run_search(qtbot, w, "Kreuzbandruptur")
    assert "de_radiology_mrt_knie.txt" in keys_listed(w)[:3]
    assert window.open_search() is w  # raised again, not a second one


def test_each_query_word_has_its_own_colour_in_the_list(qtbot, search_window):
    from appliance.gui.viewer import term_colour

    w = search_window()
    run_search(qtbot, w, "Kreuzband Meniskusläsion")
    label = w.results_table.cellWidget(0, 6)
    html_text = label.text()
    assert term_colour(0) in html_text and term_colour(1) in html_text and term_colour(0) != term_colour(1)
    assert ">Kreuzband" in html_text  # the word itself is inside its coloured span
