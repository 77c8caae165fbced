"""The search window's core: patient filter and groups, term-coloured hits, the document view, filter values,
search history, saved searches, the audit of searches and the CSV export."""
from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from appliance.cli import main
from appliance.paths import samples_dir
from appliance.pipeline.index import IndexOptions, run_index
from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.pipeline.search import (
    Searcher,
    SearchFilters,
    document_view,
    filter_values,
    fold_token,
    patient_documents,
    patient_groups,
    query_terms,
    term_highlights,
)
from appliance.pipeline.search_history import (
    AUDIT_QUERY_SETTING,
    delete_saved_search,
    export_csv,
    history,
    record_search,
    save_search,
    saved_searches,
)
from appliance.project import Project, ProjectError

pytestmark = pytest.mark.usefixtures("one_model")  # one loaded model for every load (CLI too)


DOCS = [
    {"id": "a", "type": "radiology", "date": "2024-02-05", "patient": "P-17",
     "text": "Befund: Lungenembolie im rechten Unterlappen. Untersucher: Dr. Müller.\n\nBeurteilung: Antikoagulation empfohlen."},
    {"id": "b", "type": "pathology", "date": "12.03.2023", "patient": "P-23",
     "text": "DIAGNOSIS: Invasive ductal carcinoma of the left breast, grade 2.\n\nCOMMENT: Reviewed by Dr. Mueller."},
    {"id": "c", "type": "operation", "date": "2023-11-20", "patient": "P-17",
     "text": "PROCEDURE: Laparoscopic cholecystectomy for acute calculous cholecystitis. Gallbladder removed intact."},
    {"id": "d", "type": "radiology",
     "text": "FINDINGS: Comminuted fracture of the distal radius with dorsal angulation. No dislocation. Lunge frei."},
]
ALL = "Müller cholecystectomy fracture carcinoma lungenembolie"
NAMES = ("Edeltraud", "Mäurer", "Weißenböck", "Ferraro-Hayes", "Oyelowo-Smith", "Wierzbicki")


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _project(tmp_path, rows=DOCS, index=True, name="p.appliance"):
    project = Project.create(tmp_path / name)
    run_import(project, ImportOptions(paths=[_jsonl(tmp_path / f"{name}.jsonl", rows)], id_field="id",
                                      type_field="type", patient_field="patient"))
    if index:
        run_index(project, IndexOptions(source="original"))
    return project


def _ext(project, hits):
    ext = dict(project.db.execute("SELECT id, external_id FROM documents").fetchall())
    return [ext[h.document_id] for h in hits]


def _searches(project):
    return [json.loads(r["details"]) for r in project.audit_log() if r["action"] == "search"]


# ---------------------------------------------------------------------------- search.py
def test_patient_filter_narrows_and_fills_patient_id(tmp_path, encoder):
    project = _project(tmp_path)
    s = Searcher(project, encoder=encoder)
    everyone = s.search(ALL, 10, "keyword")
    assert set(_ext(project, everyone.documents)) == {"a", "b", "c", "d"}
    assert {h.patient_id for h in everyone.documents} == {"P-17", "P-23", None}
    assert bool(SearchFilters(patient="P-17")) and not SearchFilters()
    for mode in ("keyword", "dense", "hybrid"):
        result = s.search(ALL, 10, mode, SearchFilters(patient="P-17"))
        assert set(_ext(project, result.documents)) == {"a", "c"}, mode  # dense: every section of the patient scored
        assert {h.patient_id for h in result.documents} == {"P-17"}
    both = s.search(ALL, 10, "hybrid", SearchFilters(patient="P-17", doc_type="operation"))
    assert _ext(project, both.documents) == ["c"]
    assert s.search(ALL, 10, "dense", SearchFilters(patient="nobody")).documents == []
    project.close()


def test_term_highlights_name_the_query_term():
    text = "Lungenembolie links, Dr. Müller; die Lunge sonst frei. MUELLER Lungenembolien"
    marks = term_highlights(text, "lunge mueller")
    assert [(text[a:b], t) for a, b, t in marks] == [
        ("Lungenembolie", 0), ("Müller", 1), ("Lunge", 0), ("MUELLER", 1), ("Lungenembolien", 0)]
    # the typed ASCII spelling finds the umlaut, and the most specific of two fitting prefixes wins
    marks = term_highlights("Muller und Lungenembolien, Lunge", "Lunge Lungenembolie Müller")
    assert query_terms("Lunge Lungenembolie Müller") == ["lunge", "lungenembolie", "mueller"]
    assert [t for _, _, t in marks] == [2, 1, 0]
    assert term_highlights("Befund ohne Treffer", "Lunge") == []


def test_search_hits_carry_the_term_of_each_highlight(tmp_path, encoder):
    project = _project(tmp_path)
    result = Searcher(project, encoder=encoder).search("Antikoagulation Lungenembolie", 5, "keyword")
    sections = [sec for d in result.documents for sec in d.sections]
    assert sections and all(len(sec.terms) == len(sec.highlights) for sec in sections)
    seen = {(fold_token(sec.snippet[a:b]), t) for sec in sections for (a, b), t in zip(sec.highlights, sec.terms)}
    assert seen == {("lungenembolie", 1), ("antikoagulation", 0)}
    project.close()


def test_document_view_of_a_pseudonymized_index_never_shows_the_original(tmp_path, encoder):
    from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize

    project = Project.create(tmp_path / "p.appliance")
    run_import(project, ImportOptions(paths=[samples_dir() / "reports.jsonl"], id_field="id", type_field="type",
                                      patient_field="patient"))
    ids = dict(project.db.execute("SELECT external_id, id FROM documents").fetchall())
    assert document_view(project, ids["r-002"]).source == "original"  # no index, nothing pseudonymized yet
    run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
    assert document_view(project, ids["r-002"]).source == "pseudonymized"  # no index yet: the safer text
    run_index(project, IndexOptions(), encoder=encoder)
    query = "Appendizitis Patient Mäurer Weißenböck"
    for ext, doc_id in ids.items():
        view = document_view(project, doc_id, query)
        assert view.source == "pseudonymized" and view.external_id == ext and view.missing_sections == 0
        shown = "\n".join(s.header + "\n" + s.text for s in view.sections)
        assert shown.strip() and not any(name in shown for name in NAMES), ext
        for s in view.sections:
            for a, b, t in s.hits:
                assert 0 <= a < b <= len(s.text)
                assert fold_token(s.text[a:b]).startswith(query_terms(query)[t][:5])
        assert view.hit_count == sum(len(s.hits) for s in view.sections)
    view = document_view(project, ids["r-002"], query)
    assert view.patient_id == "P-0002" and view.doc_type == "operation"
    assert view.date == date.today().isoformat()  # no date field in the sample: its import day
    terms = {t for s in view.sections for _, _, t in s.hits}
    assert {0, 1} <= terms and not {2, 3} & terms  # the names are not in the pseudonymized text
    # the same text the search's snippets come from
    hit = Searcher(project, encoder=encoder).search("Appendizitis", 3, "keyword").documents[0]
    texts = {s.section_id: s.text for s in document_view(project, hit.document_id).sections}
    assert hit.sections[0].snippet.strip("…")[:40] in " ".join(texts[hit.sections[0].section_id].split())
    with pytest.raises(ProjectError, match="no document"):
        document_view(project, 99_999)
    project.close()


def test_document_view_joins_the_chunks_of_a_long_section(tmp_path):
    from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize

    sentences = [f"Satz {i} beschreibt den Verlauf der Behandlung am Knie und die Physiotherapie." for i in range(60)]
    body = " ".join(sentences)
    project = _project(tmp_path, [{"id": "long", "type": "discharge", "text": "BEFUND:\n" + body + "\n\nPLAN: Kontrolle."}],
                       index=False)
    doc_id = project.db.execute("SELECT id FROM documents").fetchone()[0]
    parts = project.db.execute("SELECT part FROM sections WHERE document_id = ? ORDER BY ord", [doc_id]).fetchall()
    assert max(p for (p,) in parts) >= 3  # a long section, indexed as overlapping chunks
    for _ in range(2):  # original text, then (no index) the pseudonymized one
        view = document_view(project, doc_id, "Knie")
        assert [s.header for s in view.sections] == ["BEFUND", "PLAN"]
        assert view.sections[0].text == body
        assert len(view.sections[0].section_ids) == len(parts) - 1
        assert view.hit_count == 60 and view.sections[1].text == "Kontrolle."
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
    assert view.source == "pseudonymized"
    project.close()


def test_patient_groups_and_a_patients_documents(tmp_path, encoder):
    project = _project(tmp_path)
    result = Searcher(project, encoder=encoder).search("carcinoma cholecystectomy lungenembolie fracture", 10, "keyword")
    groups = patient_groups(project, result)
    best = result.documents[0].patient_id
    assert groups[0].patient_id == best and groups[-1].patient_id is None
    assert [g.patient_id for g in groups if g.patient_id] == list(dict.fromkeys(
        h.patient_id for h in result.documents if h.patient_id))
    p17 = next(g for g in groups if g.patient_id == "P-17")
    assert _ext(project, p17.documents) == ["c", "a"] and p17.count == 2 and p17.total == 2  # date order
    assert groups[-1].count == 1 and groups[-1].total is None
    docs = patient_documents(project, "P-17")
    assert [(d["external_id"], d["date"], d["doc_type"]) for d in docs] == [
        ("c", "2023-11-20", "operation"), ("a", "2024-02-05", "radiology")]
    assert patient_documents(project, "nobody") == []
    project.close()


def test_filter_values(tmp_path):
    project = _project(tmp_path, index=False)
    values = filter_values(project)
    assert values["doc_types"] == ["operation", "pathology", "radiology"]
    assert values["languages"] == ["de", "en"]
    assert values["date_range"] == ("2023-03-12", date.today().isoformat())  # d has no date: its import day
    assert values["patients"] == 2
    plan = " ".join(str(r) for r in project.db.execute(
        "EXPLAIN QUERY PLAN SELECT count(DISTINCT patient_id) FROM documents").fetchall())
    assert "COVERING INDEX" in plan
    project.close()
    empty = Project.create(tmp_path / "empty.appliance")
    assert filter_values(empty) == {"doc_types": [], "languages": [], "date_range": (None, None), "patients": 0}
    empty.close()


# ---------------------------------------------------------------------------- search_history.py
def test_record_search_writes_one_audit_and_one_history_row_without_phi(tmp_path, encoder):
    project = _project(tmp_path)
    s = Searcher(project, encoder=encoder)
    filters = SearchFilters(patient="P-17", doc_type="radiology", date_from="2024-01-01")
    result = s.search("Lungenembolie Müller", 10, "keyword", filters)
    audits, rows = len(project.audit_log()), project.db["search_history"].count
    history_id = record_search(project, result, filters)
    assert len(project.audit_log()) == audits + 1 and project.db["search_history"].count == rows + 1
    last = project.audit_log()[-1]
    details = json.loads(last["details"])
    assert last["action"] == "search"
    assert details == {"mode": "keyword", "filters": {"doc_type": "radiology", "date_from": "2024-01-01", "patient": True},
                       "results": 1, "ms": round(result.ms)}
    assert "P-17" not in last["details"] and "Lungenembolie" not in last["details"] and "Müller" not in last["details"]
    row = project.db["search_history"].get(history_id)
    assert row["query"] == "Lungenembolie Müller" and row["results"] == 1 and row["mode"] == "keyword"
    assert json.loads(row["filters"]) == {"patient": "P-17", "doc_type": "radiology", "date_from": "2024-01-01"}
    # the query text in the audit only where the project says so
    project.set_setting(AUDIT_QUERY_SETTING, "true")
    record_search(project, s.search("fracture", 5, "keyword"), None)
    last = _searches(project)[-1]
    assert last["query"] == "fracture" and last["filters"] == {} and last["results"] == 1
    project.set_setting(AUDIT_QUERY_SETTING, "0")
    record_search(project, s.search("fracture", 5, "keyword"), SearchFilters(patient="P-23"))
    assert "query" not in _searches(project)[-1] and "P-23" not in project.audit_log()[-1]["details"]
    assert len(_searches(project)) == 3 and project.db["search_history"].count == 3
    path = project.path
    project.close()
    with Project.open(path, readonly=True) as ro:
        with pytest.raises(ProjectError, match="read-only"):
            record_search(ro, result, filters)
        with pytest.raises(ProjectError, match="read-only"):
            save_search(ro, "x", "y", "keyword", None)


def test_history_is_per_os_user_and_newest_first(tmp_path, encoder, monkeypatch):
    project = _project(tmp_path)
    s = Searcher(project, encoder=encoder)

    def as_user(name):
        monkeypatch.setattr("appliance.pipeline.search_history.os_user", lambda: name)
        monkeypatch.setattr("appliance.project.db.os_user", lambda: name)

    as_user("anna")
    for q in ("fracture", "carcinoma", "carcinoma", "Lungenembolie"):
        record_search(project, s.search(q, 5, "keyword"), None)
    record_search(project, s.search("carcinoma", 5, "keyword", SearchFilters(doc_type="pathology")),
                  SearchFilters(doc_type="pathology"))
    as_user("ben")
    record_search(project, s.search("cholecystectomy", 5, "keyword"), None)
    assert [h["query"] for h in history(project)] == ["cholecystectomy"]
    assert [r["os_user"] for r in project.audit_log() if r["action"] == "search"] == ["anna"] * 5 + ["ben"]
    as_user("anna")
    mine = history(project)
    assert [h["query"] for h in mine] == ["carcinoma", "Lungenembolie", "carcinoma", "fracture"]  # the repeat once
    assert mine[0]["filters"] == SearchFilters(doc_type="pathology") and mine[1]["filters"] == SearchFilters()
    assert mine[0]["mode"] == "keyword" and mine[0]["results"] == 1
    assert [h["query"] for h in history(project, limit=2)] == ["carcinoma", "Lungenembolie"]
    assert [h["query"] for h in history(project, user="ben")] == ["cholecystectomy"]
    project.close()


def test_saved_searches_survive_reopening_and_are_per_user(tmp_path, monkeypatch):
    project = _project(tmp_path, index=False)
    first = save_search(project, "Lungen", "Lungenembolie", "hybrid", SearchFilters(doc_type="radiology"))
    save_search(project, "alle Frakturen", "fracture", "keyword", None)
    again = save_search(project, " Lungen ", "Lungenembolie rechts", "dense", SearchFilters(patient="P-17"))
    assert again == first  # the same name replaces the search
    for bad in ("", "   "):
        with pytest.raises(ProjectError, match="needs a name"):
            save_search(project, bad, "x", "keyword", None)
    with pytest.raises(ProjectError, match="unknown search mode"):
        save_search(project, "x", "x", "fuzzy", None)
    path = project.path
    project.close()
    with Project.open(path) as project:
        saved = saved_searches(project)
        assert [(s["name"], s["query"], s["mode"], s["filters"]) for s in saved] == [
            ("alle Frakturen", "fracture", "keyword", SearchFilters()),
            ("Lungen", "Lungenembolie rechts", "dense", SearchFilters(patient="P-17"))]
        monkeypatch.setattr("appliance.pipeline.search_history.os_user", lambda: "someone-else")
        assert saved_searches(project) == []
        assert not delete_saved_search(project, "Lungen")  # not theirs
        monkeypatch.undo()
        assert delete_saved_search(project, "Lungen") and not delete_saved_search(project, "Lungen")
        assert [s["name"] for s in saved_searches(project)] == ["alle Frakturen"]


def test_export_csv_rows_follow_the_result_list(tmp_path, encoder):
    project = _project(tmp_path)
    result = Searcher(project, encoder=encoder).search(ALL, 10, "hybrid")
    out = export_csv(project, result, tmp_path / "hits.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel looks for
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["rank", "document_id", "type", "date", "patient_id", "score"]
    expected = [[str(i), ext, d.doc_type, d.date or "", d.patient_id or "", str(round(d.score, 4))]
                for i, (ext, d) in enumerate(zip(_ext(project, result.documents), result.documents), start=1)]
    assert rows[1:] == expected and len(expected) == 4
    out = export_csv(project, result, tmp_path / "text.csv", include_text=True)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["document_id"] for r in rows] == [e[1] for e in expected]
    by_id = {r["document_id"]: r["text"] for r in rows}
    assert "Müller" in by_id["a"] and by_id["a"].startswith("Befund:") and "cholecystectomy" in by_id["c"]
    exports = [json.loads(r["details"]) for r in project.audit_log() if r["action"] == "search-export"]
    assert exports == [{"rows": 4, "include_text": False, "mode": "hybrid"},
                       {"rows": 4, "include_text": True, "mode": "hybrid"}]
    project.close()


def test_export_csv_quotes_cells_excel_would_run(tmp_path, encoder):
    rows = [{"id": "=HYPERLINK(1)", "type": "@radiology", "text": "FINDINGS: fracture of the distal radius."}]
    project = _project(tmp_path, rows)
    result = Searcher(project, encoder=encoder).search("fracture", 5, "keyword")
    out = export_csv(project, result, tmp_path / "x.csv", delimiter=";")
    with out.open(encoding="utf-8-sig", newline="") as f:
        row = list(csv.reader(f, delimiter=";"))[1]
    assert row[1] == "'=HYPERLINK(1)" and row[2] == "'@radiology"
    with pytest.raises(ProjectError, match="could not write"):
        export_csv(project, result, tmp_path / "no-such-folder" / "x.csv")
    project.close()


# ---------------------------------------------------------------------------- CLI
def test_search_cli_patient_csv_and_history(tmp_path, encoder, capsys):
    project = _project(tmp_path)
    path = str(project.path)
    project.close()
    assert main(["search", path, ALL, "--mode", "keyword", "--patient", "P-17", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {d["external_id"] for d in out["documents"]} == {"a", "c"} and out["history_id"]
    assert all(d["patient_id"] == "P-17" and all(len(s["terms"]) == len(s["highlights"]) for s in d["sections"])
               for d in out["documents"])
    csv_file = tmp_path / "out.csv"
    assert main(["search", path, "fracture", "--mode", "keyword", "--csv", str(csv_file), "--csv-text"]) == 0
    assert "Wrote 1 rows to" in capsys.readouterr().out
    assert csv_file.read_text(encoding="utf-8-sig").splitlines()[0] == "rank,document_id,type,date,patient_id,score,text"
    assert main(["search", path, "fracture", "--csv-text"]) == 2
    capsys.readouterr()
    assert main(["search-history", path, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["query"] for r in rows] == ["fracture", ALL] and rows[1]["filters"]["patient"] == "P-17"
    assert main(["search-history", path]) == 0
    assert "fracture" in capsys.readouterr().out
    with Project.open(path) as held:  # open elsewhere: the search still runs, read-only, and is not recorded
        assert main(["search", path, "carcinoma", "--mode", "keyword", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["history_id"] is None
        assert main(["search", path, "carcinoma", "--mode", "keyword", "--csv", str(csv_file)]) == 1
        assert "in use" in capsys.readouterr().err
        save_search(held, "Brust", "carcinoma", "keyword", SearchFilters(language="en"))
        audit = [r for r in held.audit_log() if r["action"] == "search"]
    assert len(audit) == 2 and not any("P-17" in r["details"] for r in audit)
    assert main(["saved-searches", path, "--json"]) == 0
    saved = json.loads(capsys.readouterr().out)
    assert [(s["name"], s["query"], s["filters"]["language"]) for s in saved] == [("Brust", "carcinoma", "en")]
    assert main(["saved-searches", path]) == 0
    assert "Brust: carcinoma (keyword) [language en]" in capsys.readouterr().out
