"""The demo chain: its judged set, its pieces (fast) and the whole run (slow: minutes of training on a CPU)."""
import json

import pytest

from appliance.cli import main
from appliance.paths import samples_dir
from appliance.pipeline.demo import (
    DEMO_BATCH,
    DEMO_SET_NAME,
    DEMO_STEPS,
    _demo_training_done,
    document_keys,
    evaluate_on_sections,
    judged_dir,
    project_corpus,
)
from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.pipeline.judged import read_jsonl, read_qrels
from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize
from appliance.pipeline.report import compare_runs
from appliance.project import Project
from appliance.project.db import now_iso


def _import_samples(project):
    run_import(project, ImportOptions(paths=[samples_dir() / "reports"]))
    run_import(project, ImportOptions(paths=[samples_dir() / "reports.jsonl"], id_field="id", text_field="text", type_field="type", patient_field="patient"))


def test_judged_set_is_well_formed():
    queries = {d["_id"]: d["text"] for d in read_jsonl(judged_dir() / "queries.jsonl")}
    qrels = read_qrels(judged_dir() / "qrels.tsv")
    assert 15 <= len(queries) <= 25 and set(qrels) == set(queries)
    assert all(any(g == 2 for g in rel.values()) for rel in qrels.values())  # each query has a main answer
    files = {p.name for p in (samples_dir() / "reports").iterdir()}
    records = {json.loads(line)["id"] for line in (samples_dir() / "reports.jsonl").read_text(encoding="utf-8").splitlines()}
    named = {d for rel in qrels.values() for d in rel}
    assert named <= files | records and len(named) == 18  # every sample report is the answer to some search


def test_corpus_is_pseudonymized_text_keyed_like_the_qrels(project):
    _import_samples(project)
    run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
    keys = document_keys(project)
    assert sorted(keys.values())[:2] == ["de_discharge_cardiology_cp1252.txt", "de_discharge_gastroenterology.txt"]
    assert {"r-001", "r-006"} <= set(keys.values())
    corpus = project_corpus(project)
    assert set(corpus) == set(keys.values())
    assert "Oßwald" not in corpus["de_discharge_cardiology_cp1252.txt"]  # the patient's name is replaced
    assert "NSTEMI" in corpus["de_discharge_cardiology_cp1252.txt"] and "Diagnosen:" in corpus["de_discharge_cardiology_cp1252.txt"]


def test_base_evaluation_is_stored_and_reused(project):
    _import_samples(project)
    run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
    q, r = judged_dir() / "queries.jsonl", judged_dir() / "qrels.tsv"
    first = evaluate_on_sections(project, "base", q, r, name=DEMO_SET_NAME, device="cpu")
    assert first["queries"] == 23 and first["reused"] is False and 0.5 < first["map@100"] <= 1.0
    again = evaluate_on_sections(project, "base", q, r, name=DEMO_SET_NAME, device="cpu")
    assert again["reused"] is True and again["run"] == first["run"] and again["map@100"] == first["map@100"]
    (comp,) = compare_runs(project)
    assert comp.label == DEMO_SET_NAME and comp.base["map@100"] == first["map@100"] and comp.tuned is None


def test_demo_training_is_reused_only_with_the_same_settings(project):
    assert _demo_training_done(project, DEMO_STEPS, DEMO_BATCH) is None
    config = json.dumps({"max_steps": DEMO_STEPS, "batch_size": DEMO_BATCH})
    with project.db.atomic():
        run = project.db["runs"].insert({"kind": "train", "status": "done", "created_at": now_iso(), "config": config,
                                         "metrics": json.dumps({"steps": DEMO_STEPS})}).last_pk
        project.db["runs"].update(run, {"model_path": f"models/tuned-{run}"})
    (project.artefact_dir / f"models/tuned-{run}").mkdir(parents=True)
    project.set_setting("model.tuned", f"models/tuned-{run}")
    assert _demo_training_done(project, DEMO_STEPS, DEMO_BATCH) == {"steps": DEMO_STEPS}
    assert _demo_training_done(project, DEMO_STEPS + 1, DEMO_BATCH) is None


@pytest.mark.slow
def test_whole_demo_trains_compares_and_reruns_quickly(tmp_path, capsys):
    """About 4.5 minutes on a loaded 2-core machine (20 steps of 16 pairs); the rerun reuses everything."""
    p = tmp_path / "demo.appliance"
    assert main(["demo", "--project", str(p)]) == 0
    out = capsys.readouterr().out
    assert "Training (now): 20 steps" in out and "tuned/base" in out and "Verdict: tuned" in out
    chart = tmp_path / "demo.appliance.artefacts" / "reports" / "base-vs-tuned.png"
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["demo", "--project", str(p)]) == 0
    assert "Training (earlier)" in capsys.readouterr().out
    with Project.open(p, readonly=True) as project:
        assert len(list(project.db["runs"].rows_where("kind = 'train'"))) == 1
        assert len(list(project.db["runs"].rows_where("kind = 'evaluate'"))) == 2
        assert project.get_setting("search.model") is None  # the demo never adopts by itself


def test_demo_judged_set_also_works_through_the_search_index(project):
    """The qrels name documents the way `appliance evaluate --project` does, so a hospital's own judged
    set (like this one) can be measured through the search users get."""
    from appliance.pipeline.index import IndexOptions, run_index
    from appliance.pipeline.search import evaluate_search

    _import_samples(project)
    run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
    run_index(project, IndexOptions(vectors=False))
    queries = {d["_id"]: d["text"] for d in read_jsonl(judged_dir() / "queries.jsonl")}
    result = evaluate_search(project, queries, read_qrels(judged_dir() / "qrels.tsv"), mode="keyword")
    assert result["queries"] == 23 and result["map@100"] > 0.3
