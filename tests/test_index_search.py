"""Index and search: USearch + FTS5, resume, incremental add, delete, rebuild, folding, filters, evaluate."""
from __future__ import annotations

import json
import re
import shutil

import numpy as np
import pytest

from appliance.cli import main
from appliance.models import ModelStore
from appliance.paths import samples_dir
from appliance.pipeline.index import IndexOptions, index_status, run_index, vector_path
from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.pipeline.search import Searcher, SearchFilters, fts_query, make_snippet
from appliance.project import Cancelled, JobControl, Project, ProjectError

pytestmark = pytest.mark.usefixtures("one_model")  # one loaded model for every load (CLI too)


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
    run_import(project, ImportOptions(paths=[_jsonl(tmp_path / f"{name}.jsonl", rows)], id_field="id", type_field="type"))
    return project


def _ids(project, ranked):
    ext = dict(project.db.execute("SELECT id, external_id FROM documents").fetchall())
    return [ext[d] for d, _, _ in ranked]


def test_index_and_search_the_bundled_samples(project, encoder, capsys):
    run_import(project, ImportOptions(paths=[samples_dir() / "reports"]))
    run_import(project, ImportOptions(paths=[samples_dir() / "reports.jsonl"], id_field="id", type_field="type"))
    report = run_index(project, IndexOptions(source="original"), encoder=encoder)
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
    again = run_index(project, IndexOptions(), encoder=encoder)
    assert (again.keyword_added, again.vectors_added, again.removed, again.rebuilt) == (0, 0, 0, [])


def test_pseudonymized_source_never_indexes_the_original_names(project, encoder):
    from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize

    run_import(project, ImportOptions(paths=[samples_dir() / "reports.jsonl"], id_field="id", type_field="type"))
    s_count = project.db.execute("SELECT count(*) FROM sections").fetchone()[0]
    with pytest.raises(ProjectError, match="pseudonymize"):  # the default source, and nothing pseudonymized yet
        run_index(project, IndexOptions(), encoder=encoder)
    run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
    report = run_index(project, IndexOptions(), encoder=encoder)
    assert report.source == "pseudonymized" and report.sections == s_count and report.skipped == 0
    s = Searcher(project, encoder=encoder)
    hits = s.rank("Mäurer", 5, "keyword")  # the patient's name in r-001
    found = [s._section_text(sid)[1] for _, _, sections in hits for sid, _ in sections]
    # an invented name such as "Maurer" can match through the umlaut folding; the original never
    assert not any("Mäurer" in text for text in found)
    report = run_index(project, IndexOptions(source="original"), encoder=encoder)
    assert any("text source changed" in r for r in report.rebuilt)
    assert _ids(project, Searcher(project, encoder=encoder).rank("Mäurer", 5, "keyword")) == ["r-001"]


def test_resume_after_cancel_and_after_a_kill_between_save_and_mark(tmp_path, encoder):
    rows = [{"id": f"n{i}", "text": f"FINDINGS: Observation number {i} about the knee joint and meniscus {i}."}
            for i in range(40)]
    project = _project_with(tmp_path, rows)
    control = JobControl()
    control.progress = lambda done, total, msg: control.cancel() if msg == "vectors" and done >= 40 + 16 else None
    with pytest.raises(Cancelled):
        run_index(project, IndexOptions(source="original", batch_size=8, save_every=8), encoder=encoder, control=control)
    partial = project.db.execute("SELECT count(vec_sha) FROM index_state").fetchone()[0]
    assert 8 <= partial < 40
    assert project.jobs("index")[-1]["status"] == "cancelled"
    # simulate a kill after the file was saved but before the marks were committed
    project.db.execute("UPDATE index_state SET vec_sha = NULL WHERE section_id IN (SELECT section_id FROM index_state "
                       "WHERE vec_sha IS NOT NULL LIMIT 3)")
    report = run_index(project, IndexOptions(batch_size=8), encoder=encoder)
    assert report.removed == 3 and report.vectors_added == 40 - partial + 3
    from usearch.index import Index

    view = Index.restore(str(vector_path(project)), view=True)
    keys = np.asarray(view.keys).tolist()
    assert len(keys) == len(set(keys)) == 40
    assert index_status(project)["vector_sections"] == 40


def test_incremental_add_delete_and_rowid_reuse(tmp_path, encoder):
    project = _project_with(tmp_path, DOCS)
    run_index(project, IndexOptions(source="original"), encoder=encoder)
    run_import(project, ImportOptions(paths=[_jsonl(tmp_path / "more.jsonl", [
        {"id": "e", "text": "IMPRESSION: Large pneumothorax on the right with mediastinal shift."}])], id_field="id"))
    report = run_index(project, IndexOptions(), encoder=encoder)
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
    run_import(project, ImportOptions(paths=[_jsonl(tmp_path / "new.jsonl", [{"id": "f", "text": "PLAN: Physiotherapy twice a week."}])], id_field="id"))
    assert "f" not in _ids(project, s.rank("pneumothorax mediastinal shift", 10, "dense"))
    report = run_index(project, IndexOptions(), encoder=encoder)
    assert report.removed >= 0 and report.vectors_added == 1
    assert _ids(project, s.rank("physiotherapy", 1, "dense")) == ["f"]
    from usearch.index import Index

    keys = set(np.asarray(Index.restore(str(vector_path(project)), view=True).keys).tolist())
    assert keys == {r[0] for r in project.db.execute("SELECT id FROM sections")}


def test_model_or_dtype_change_rebuilds(tmp_path, encoder):
    project = _project_with(tmp_path, DOCS)
    run_index(project, IndexOptions(source="original"), encoder=encoder)
    tuned = project.artefact_dir / "models" / "tuned-1"
    shutil.copytree(ModelStore().resolve(None, "embedding"), tuned)
    project.set_setting("model.tuned", "models/tuned-1")
    report = run_index(project, IndexOptions(model="tuned"), encoder=encoder)
    assert report.rebuilt == ["model changed from base to tuned"] and report.vectors_added == report.sections
    assert report.keyword_added == 0  # the full-text index does not depend on the model
    report = run_index(project, IndexOptions(model="tuned", dtype="i8"), encoder=encoder)
    assert report.rebuilt == ["vector type changed from f16 to i8"] and report.model == "tuned"
    # without --model the index follows the project's search model (base until 'adopt' says otherwise)
    report = run_index(project, IndexOptions(), encoder=encoder)
    assert report.rebuilt == ["model changed from tuned to base"] and report.dtype == "i8"
    assert _ids(project, Searcher(project, encoder=encoder).rank("radius fracture", 1, "dense")) == ["d"]


def test_case_umlaut_and_compound_folding(tmp_path, encoder):
    project = _project_with(tmp_path, DOCS)
    run_index(project, IndexOptions(source="original"), encoder=encoder)
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
    run_index(project, IndexOptions(source="original"), encoder=encoder)
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
    top = out["documents"][0]
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


def test_evaluate_keyword_and_hybrid_through_the_search_path(tmp_path, capsys, monkeypatch):
    from appliance.pipeline.index import IndexOptions, run_index

    monkeypatch.setenv("APPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    beir = tmp_path / "beir"
    (beir / "qrels").mkdir(parents=True)
    _jsonl(beir / "corpus.jsonl", [{"_id": d["id"], "text": d["text"]} for d in DOCS])
    _jsonl(beir / "queries.jsonl", [{"_id": "q1", "text": "radius fracture"}, {"_id": "q2", "text": "breast carcinoma"}])
    (beir / "qrels" / "dev.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td\t1\nq2\tb\t1\n")
    for mode in ("keyword", "hybrid"):
        assert main(["evaluate", "--beir", str(beir), "--mode", mode, "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["queries"] == 2 and result["metrics"]["map@100"] == 1.0 and result["mode"] == mode
    # the project's own documents: qrels name them by the import's id field
    project = _project_with(tmp_path, DOCS)
    run_index(project, IndexOptions(source="original"))
    path = str(project.path)
    project.close()
    args = ["evaluate", "--project", path, "--queries", str(beir / "queries.jsonl"), "--qrels", str(beir / "qrels/dev.tsv")]
    for mode in ("keyword", "hybrid", "dense"):
        assert main([*args, "--mode", mode, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["metrics"]["map@100"] == 1.0
    assert main(["evaluate", "--project", path, "--mode", "hybrid"]) == 2  # no judged queries given
    # another model (e.g. tuned, before adopting it) through the same search, without touching the index
    with Project.open(path) as project:
        shutil.copytree(ModelStore().resolve(None, "embedding"), project.artefact_dir / "models" / "tuned-1")
        project.set_setting("model.tuned", "models/tuned-1")
    for _ in range(2):
        assert main([*args, "--mode", "hybrid", "--model", "tuned", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["metrics"]["map@100"] == 1.0
    with Project.open(path, readonly=True) as ro:
        configs = [json.loads(r["config"]) for r in ro.db["runs"].rows_where("kind = 'evaluate'")]
        assert ro.get_setting("index.model") == "base"
        assert len(list((ro.artefact_dir / "index").glob("eval-*.usearch"))) == 1  # cached, reused
    assert [c["mode"] for c in configs] == ["keyword", "hybrid", "dense", "hybrid", "hybrid"]
    assert [c["model"] for c in configs] == ["base"] * 3 + ["tuned"] * 2
    assert all(c["corpus"] == "project" and c["qrels"].endswith("dev.tsv") for c in configs)
    assert configs[-1]["model_path"].endswith("tuned-1")


def test_evaluate_search_reports_progress_and_stops_when_cancelled(tmp_path, encoder):
    from appliance.pipeline.index import IndexOptions, run_index
    from appliance.pipeline.search import evaluate_search

    project = _project_with(tmp_path, DOCS)
    run_index(project, IndexOptions(source="original"), encoder=encoder)
    queries, qrels = {"q1": "radius fracture", "q2": "breast carcinoma"}, {"q1": {"d": 1}, "q2": {"b": 1, "a": 0}}
    phases, reports = [], []
    control = JobControl(progress=lambda done, total, msg: reports.append((done, total)), on_phase=phases.append)
    result = evaluate_search(project, queries, qrels, "hybrid", encoder=encoder, control=control)
    assert result["queries"] == 2 and result["map@100"] == 1.0 and result["mrr@10"] == 1.0
    assert phases == ["Embedding queries", "Ranking queries"] and reports[-1] == (2, 2)
    control = JobControl()
    control.cancel()
    with pytest.raises(Cancelled):
        evaluate_search(project, queries, qrels, "keyword", control=control)
    project.close()


def test_fusion_follows_the_published_formulas():
    """fuse() against the formulas of the papers, computed by hand on a small example."""
    from appliance.pipeline.search import Fusion, fuse

    keyword = {1: 12.0, 2: 7.0, 3: 2.0}  # bm25-like scores; document 4 not retrieved by this ranker
    dense = {2: 0.90, 4: 0.60, 1: 0.75}  # cosines; document 3 not retrieved by this ranker
    # Bruch, Gai & Ingber (TOIS 2023): f = w * phi_MM(keyword) + (1 - w) * phi_MM(dense),
    # phi_MM(s) = (s - min_q) / (max_q - min_q) over the ranker's candidates; a missing document gets
    # that ranker's minimum, 0 (CombSUM over min-max normalised scores, Lee 1997, with weights)
    mm_k = {1: 1.0, 2: (7 - 2) / (12 - 2), 3: 0.0}
    mm_d = {2: 1.0, 4: 0.0, 1: (0.75 - 0.60) / (0.90 - 0.60)}
    for w in (0.5, 0.3):
        fused = fuse(keyword, dense, Fusion("minmax", keyword_weight=w))
        assert set(fused) == {1, 2, 3, 4}
        for d in fused:
            assert fused[d] == pytest.approx(w * mm_k.get(d, 0.0) + (1 - w) * mm_d.get(d, 0.0))
    fused = fuse(keyword, dense)  # the default: min-max, equal weights = half of CombSUM(min-max)
    assert fused[1] == pytest.approx((1.0 + 0.5) / 2) and fused[2] == pytest.approx((0.5 + 1.0) / 2)
    assert fused[3] == fused[4] == 0.0  # each is the minimum of the one ranker that found it, and missing in the other
    # Cormack, Clarke & Buettcher (SIGIR 2009): RRF(d) = sum over rankers that retrieved d of 1 / (k + rank), k = 60
    rank_k = {1: 1, 2: 2, 3: 3}
    rank_d = {2: 1, 1: 2, 4: 3}
    rrf = {d: sum(1 / (60 + r[d]) for r in (rank_k, rank_d) if d in r) for d in (1, 2, 3, 4)}
    fused = fuse(keyword, dense, Fusion("rrf", keyword_weight=0.5, rrf_k=60))
    for d in rrf:
        assert fused[d] == pytest.approx(0.5 * rrf[d])  # equal weights: half the published score, same order
    assert fused[1] == pytest.approx(fused[2]) == pytest.approx(0.5 * (1 / 61 + 1 / 62))
    assert fused[3] == pytest.approx(fused[4]) == pytest.approx(0.5 / 63)
    # z-score variant: the same convex combination over (s - mean) / std, a missing document at the ranker's minimum
    import statistics

    def z(scores):
        mu, sd = statistics.fmean(scores.values()), statistics.pstdev(scores.values())
        return {d: (s - mu) / sd for d, s in scores.items()}, (min(scores.values()) - mu) / sd

    (zk, zk_min), (zd, zd_min) = z(keyword), z(dense)
    fused = fuse(keyword, dense, Fusion("zscore", keyword_weight=0.5))
    for d in (1, 2, 3, 4):
        assert fused[d] == pytest.approx(0.5 * zk.get(d, zk_min) + 0.5 * zd.get(d, zd_min))
