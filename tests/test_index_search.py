"""Index and search: USearch + FTS5, resume, incremental add, delete, rebuild, folding, filters, evaluate."""
from __future__ import annotations

import json
import re
import shutil

import numpy as np
import pytest

from appliance.cli import main
from appliance.models import ModelStore
from appliance.pipeline.index import build_index, index_status, vector_path
from appliance.pipeline.ingest import ImportOptions, import_paths
from appliance.pipeline.search import SearchFilters, Searcher, fts_query, make_snippet
from appliance.paths import samples_dir
from appliance.project import Cancelled, JobControl, Project, ProjectError


@pytest.fixture(scope="module")
def encoder():
    from appliance.models.embedding import load_sentence_transformer

    return load_sentence_transformer(ModelStore().resolve(None, "embedding"), "cpu")


@pytest.fixture(autouse=True)
def _one_model(monkeypatch, encoder):
    """Every load of an embedding model (CLI included) gets the module's already loaded model."""
    monkeypatch.setattr("appliance.models.embedding.load_sentence_transformer", lambda path, device="auto": encoder)


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


DOCS = [
    {"id": "a", "type": "radiology", "date": "2024-02-05",
     "text": "Befund: Lungenembolie im rechten Unterlappen. Untersucher: Dr. Müller.\n\nBeurteilung: Antikoagulation empfohlen."},
    {"id": "b", "type": "pathology", "date": "12.03.2023",
     "text": "DIAGNOSIS: Invasive ductal carcinoma of the left breast, grade 2.\n\nCOMMENT: Reviewed by Dr. Mueller."},
    {"id": "c", "type": "operation",
     "text": "PROCEDURE: Laparoscopic cholecystectomy for acute calculous cholecystitis. Gallbladder removed intact."},
    {"id": "d", "type": "radiology", "date": "2024-06-01",
     "text": "FINDINGS: Comminuted fracture of the distal radius with dorsal angulation. No dislocation."},
]


def _project_with(tmp_path, rows, name="p.appliance"):
    project = Project.create(tmp_path / name)
    import_paths(project, [_jsonl(tmp_path / f"{name}.jsonl", rows)],
                 ImportOptions(id_field="id", type_field="type"))
    return project


def _ids(project, ranked):
    ext = dict(project.db.execute("SELECT id, external_id FROM documents").fetchall())
    return [ext[d] for d, _, _ in ranked]


def test_index_and_search_the_bundled_samples(project, encoder, capsys):
    import_paths(project, [samples_dir() / "reports"])
    import_paths(project, [samples_dir() / "reports.jsonl"], ImportOptions(id_field="id", type_field="type"))
    report = build_index(project, source="original", encoder=encoder)
    n = project.db.execute("SELECT count(*) FROM sections").fetchone()[0]
    assert report.keyword_added == report.vectors_added == report.sections == n
    from usearch.index import Index

    assert len(Index.restore(str(vector_path(project)), view=True)) == n
    s = Searcher(project, encoder=encoder)
    titles = lambda mode, q: [project.document(d)["title"] for d, _, _ in s.rank(q, 3, mode)]  # noqa: E731
    assert titles("keyword", "Cholezystektomie")[0] == "de_operation_cholezystektomie"
    assert "de_operation_cholezystektomie" in titles("hybrid", "laparoskopische Cholezystektomie Gallenblase")
    assert titles("dense", "CT of the abdomen")[0] is not None
    result = s.search("Cholezystektomie", k=2, mode="hybrid")
    best = result.documents[0].sections[0]
    assert any(best.snippet[a:b].lower() == "cholezystektomie" for a, b in best.highlights)
    assert result.index["source"] == "original"
    # an unchanged project: nothing to do
    again = build_index(project, encoder=encoder)
    assert (again.keyword_added, again.vectors_added, again.removed, again.rebuilt) == (0, 0, 0, [])


def test_pseudonymized_source_never_indexes_the_original_names(project, encoder):
    from appliance.pipeline.pseudonymize import PseudonymizeOptions, pseudonymize_project

    import_paths(project, [samples_dir() / "reports.jsonl"], ImportOptions(id_field="id", type_field="type"))
    s_count = project.db.execute("SELECT count(*) FROM sections").fetchone()[0]
    with pytest.raises(ProjectError, match="pseudonymize"):  # the default source, and nothing pseudonymized yet
        build_index(project, encoder=encoder)
    pseudonymize_project(project, None, PseudonymizeOptions(irreversible=True))
    report = build_index(project, encoder=encoder)
    assert report.source == "pseudonymized" and report.sections == s_count and report.skipped == 0
    s = Searcher(project, encoder=encoder)
    assert s.rank("Mäurer", 5, "keyword") == []  # the patient's name in r-001
    report = build_index(project, source="original", encoder=encoder)
    assert any("text source changed" in r for r in report.rebuilt)
    assert _ids(project, Searcher(project, encoder=encoder).rank("Mäurer", 5, "keyword")) == ["r-001"]


def test_resume_after_cancel_and_after_a_kill_between_save_and_mark(tmp_path, encoder):
    rows = [{"id": f"n{i}", "text": f"FINDINGS: Observation number {i} about the knee joint and meniscus {i}."}
            for i in range(40)]
    project = _project_with(tmp_path, rows)
    control = JobControl()
    control.progress = lambda done, total, msg: control.cancel() if msg == "vectors" and done >= 40 + 16 else None
    with pytest.raises(Cancelled):
        build_index(project, source="original", encoder=encoder, control=control, batch_size=8, save_every=8)
    partial = project.db.execute("SELECT count(vec_sha) FROM index_state").fetchone()[0]
    assert 8 <= partial < 40
    assert project.jobs("index")[-1]["status"] == "cancelled"
    # simulate a kill after the file was saved but before the marks were committed
    project.db.execute("UPDATE index_state SET vec_sha = NULL WHERE section_id IN (SELECT section_id FROM index_state "
                       "WHERE vec_sha IS NOT NULL LIMIT 3)")
    report = build_index(project, encoder=encoder, batch_size=8)
    assert report.removed == 3 and report.vectors_added == 40 - partial + 3
    from usearch.index import Index

    view = Index.restore(str(vector_path(project)), view=True)
    keys = np.asarray(view.keys).tolist()
    assert len(keys) == len(set(keys)) == 40
    assert index_status(project)["vector_sections"] == 40


def test_incremental_add_delete_and_rowid_reuse(tmp_path, encoder):
    project = _project_with(tmp_path, DOCS)
    build_index(project, source="original", encoder=encoder)
    import_paths(project, [_jsonl(tmp_path / "more.jsonl", [
        {"id": "e", "text": "IMPRESSION: Large pneumothorax on the right with mediastinal shift."}])],
        ImportOptions(id_field="id"))
    report = build_index(project, encoder=encoder)
    assert report.vectors_added == report.keyword_added == 1 and not report.rebuilt
    s = Searcher(project, encoder=encoder)
    for mode in ("keyword", "dense", "hybrid"):
        assert _ids(project, s.rank("pneumothorax mediastinal shift", 1, mode)) == ["e"]
    # delete: gone from both indexes at once, while its key still sits in the USearch file
    doc_e = project.db.execute("SELECT id FROM documents WHERE external_id = 'e'").fetchone()[0]
    project.delete_document(doc_e)
    assert project.db.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'pneumothorax'").fetchone()[0] == 0
    for mode in ("keyword", "dense", "hybrid"):
        assert "e" not in _ids(project, s.rank("pneumothorax mediastinal shift", 10, mode))
        assert all(d.document_id != doc_e for d in s.search("pneumothorax", 10, mode).documents)
    # a new section may get the deleted one's row id: the old vector must not stand for it
    import_paths(project, [_jsonl(tmp_path / "new.jsonl", [{"id": "f", "text": "PLAN: Physiotherapy twice a week."}])],
                 ImportOptions(id_field="id"))
    assert "f" not in _ids(project, s.rank("pneumothorax mediastinal shift", 10, "dense"))
    report = build_index(project, encoder=encoder)
    assert report.removed >= 0 and report.vectors_added == 1
    assert _ids(project, s.rank("physiotherapy", 1, "dense")) == ["f"]
    from usearch.index import Index

    keys = set(np.asarray(Index.restore(str(vector_path(project)), view=True).keys).tolist())
    assert keys == {r[0] for r in project.db.execute("SELECT id FROM sections")}


def test_model_or_dtype_change_rebuilds(tmp_path, encoder):
    project = _project_with(tmp_path, DOCS)
    build_index(project, source="original", encoder=encoder)
    tuned = project.artefact_dir / "models" / "tuned-1"
    shutil.copytree(ModelStore().resolve(None, "embedding"), tuned)
    project.set_setting("model.tuned", "models/tuned-1")
    report = build_index(project, model="tuned", encoder=encoder)
    assert report.rebuilt == ["model changed from base to tuned"] and report.vectors_added == report.sections
    assert report.keyword_added == 0  # the full-text index does not depend on the model
    report = build_index(project, model="tuned", dtype="i8", encoder=encoder)
    assert report.rebuilt == ["vector type changed from f16 to i8"] and report.model == "tuned"
    # without --model the index follows the project's search model (base until 'adopt' says otherwise)
    report = build_index(project, encoder=encoder)
    assert report.rebuilt == ["model changed from tuned to base"] and report.dtype == "i8"
    assert _ids(project, Searcher(project, encoder=encoder).rank("radius fracture", 1, "dense")) == ["d"]


def test_case_umlaut_and_compound_folding(tmp_path, encoder):
    project = _project_with(tmp_path, DOCS)
    build_index(project, source="original", encoder=encoder)
    s = Searcher(project, encoder=encoder)
    for q in ("Müller", "mueller", "MUELLER", "Muller", "MÜLLER"):
        assert set(_ids(project, s.rank(q, 5, "keyword"))) == {"a", "b"}, q
    assert _ids(project, s.rank("Lungen", 5, "keyword")) == ["a"]  # prefix of the compound
    assert _ids(project, s.rank("embolie lunge", 5, "keyword")) == ["a"]
    assert _ids(project, s.rank("CHOLECYSTECTOMY", 5, "keyword")) == ["c"]
    nasty = '"; DROP TABLE x; -- NEAR( * ^'
    rest = re.sub(r'"[a-z0-9]+"\*?', "", fts_query(nasty))  # only quoted words reach FTS5
    assert set(rest) <= set("() OR")
    assert s.rank(nasty, 5, "keyword") == [] and s.rank("-- ;", 5, "keyword") == []
    snippet, hl = make_snippet("Untersucher: Dr. Müller.", "mueller")
    assert [snippet[a:b] for a, b in hl] == ["Müller"]


def test_filters(tmp_path, encoder):
    project = _project_with(tmp_path, DOCS)
    build_index(project, source="original", encoder=encoder)
    s = Searcher(project, encoder=encoder)
    q = "fracture carcinoma lungenembolie cholecystectomy"
    for mode in ("keyword", "dense", "hybrid"):
        assert set(_ids(project, s.rank(q, 10, mode, SearchFilters(doc_type="radiology")))) <= {"a", "d"}
        assert set(_ids(project, s.rank(q, 10, mode, SearchFilters(language="de")))) <= {"a"}
        dated = SearchFilters(date_from="2024-01-01", date_to="2024-03-01")
        assert set(_ids(project, s.rank(q, 10, mode, dated))) == {"a"}
    assert project.db.execute("SELECT doc_date FROM documents WHERE external_id = 'b'").fetchone()[0] == "2023-03-12"


def test_search_cli_json_shape_and_info(tmp_path, encoder, capsys):
    project = _project_with(tmp_path, DOCS)
    path = str(project.path)
    project.close()
    assert main(["index", path, "--source", "original", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["vectors_added"] == 6  # a and b have two sections each
    assert main(["search", path, "distal radius fracture", "-k", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mode"] == "hybrid" and out["index"]["source"] == "original" and out["index"]["model"] == "base"
    top = out["results"][0]
    assert top["external_id"] == "d" and top["doc_type"] == "radiology" and top["date"] == "2024-06-01"
    sec = top["sections"][0]
    assert {"section_id", "header", "score", "snippet", "highlights"} <= set(sec)
    assert [sec["snippet"][a:b].lower() for a, b in sec["highlights"]] == ["fracture", "distal", "radius"]
    assert main(["search", path, "Müller", "--mode", "keyword", "--type", "pathology"]) == 0
    text = capsys.readouterr().out
    assert "1 documents (keyword; index of original text" in text and "**Mueller**" in text
    assert main(["search", path, "x", "--from", "yesterday"]) == 1
    assert "not a date" in capsys.readouterr().err


def test_search_without_index_says_so(tmp_path, capsys):
    project = _project_with(tmp_path, DOCS[:1])
    path = str(project.path)
    project.close()
    assert main(["search", path, "Lunge"]) == 1
    assert "appliance index" in capsys.readouterr().err


def test_evaluate_keyword_and_hybrid_through_the_search_path(tmp_path, capsys):
    beir = tmp_path / "beir"
    (beir / "qrels").mkdir(parents=True)
    _jsonl(beir / "corpus.jsonl", [{"_id": d["id"], "text": d["text"]} for d in DOCS])
    _jsonl(beir / "queries.jsonl", [{"_id": "q1", "text": "radius fracture"}, {"_id": "q2", "text": "breast carcinoma"}])
    (beir / "qrels" / "dev.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td\t1\nq2\tb\t1\n")
    for mode in ("keyword", "hybrid"):
        assert main(["evaluate", "--beir", str(beir), "--mode", mode, "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["queries"] == 2 and result["map@100"] == 1.0 and result["mode"] == mode
    # the project's own documents: qrels name them by the import's id field
    project = _project_with(tmp_path, DOCS)
    build_index(project, source="original")
    path = str(project.path)
    project.close()
    args = ["evaluate", "--project", path, "--queries", str(beir / "queries.jsonl"), "--qrels", str(beir / "qrels/dev.tsv")]
    for mode in ("keyword", "hybrid", "dense"):
        assert main([*args, "--mode", mode, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["map@100"] == 1.0
    assert main(["evaluate", "--project", path, "--mode", "hybrid"]) == 2  # no judged queries given
    # another model (e.g. tuned, before adopting it) through the same search, without touching the index
    with Project.open(path) as project:
        shutil.copytree(ModelStore().resolve(None, "embedding"), project.artefact_dir / "models" / "tuned-1")
        project.set_setting("model.tuned", "models/tuned-1")
    for _ in range(2):
        assert main([*args, "--mode", "hybrid", "--model", "tuned", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["map@100"] == 1.0
    with Project.open(path, readonly=True) as ro:
        configs = [json.loads(r["config"]) for r in ro.db["runs"].rows_where("kind = 'evaluate'")]
        assert ro.get_setting("index.model") == "base"
        assert len(list((ro.artefact_dir / "index").glob("eval-*.usearch"))) == 1  # cached, reused
    assert [c["mode"] for c in configs] == ["keyword", "hybrid", "dense", "hybrid", "hybrid"]
    assert [c["model"] for c in configs] == ["base"] * 3 + ["tuned"] * 2
    assert all(c["corpus"] == "project" and c["qrels"].endswith("dev.tsv") for c in configs)
    assert configs[-1]["model_path"].endswith("tuned-1")
