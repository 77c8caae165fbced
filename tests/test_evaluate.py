"""Evaluation: trec_eval metrics, judged sets, run_evaluate in every case, its cache, and the CLI's --json."""
from __future__ import annotations

import json
import math
import random
import shutil

import pytest

from appliance.cli import main
from appliance.models import ModelStore
from appliance.pipeline.evaluate import (
    METRIC_KEYS,
    EvaluateOptions,
    EvaluateReport,
    per_query_metrics,
    retrieval_metrics,
    run_evaluate,
)
from appliance.pipeline.judged import load_beir, read_qrels
from appliance.project import Cancelled, JobControl, Project


# ---------------------------------------------------------------------------- the old hand-written metrics
def _old_metrics_for_run(ranking, judged, rel_min=1):
    """The formulas the appliance used before trec_eval (kept here to show where they agree)."""
    relevant = {d for d, g in judged.items() if g >= rel_min}
    if not relevant:
        return {}
    hits, precisions = 0, []
    for i, d in enumerate(ranking[:100], start=1):
        if d in relevant:
            hits += 1
            precisions.append(hits / i)
    ap = sum(precisions) / min(len(relevant), 100)
    dcg = sum((2 ** judged.get(d, 0) - 1) / math.log2(i + 1) for i, d in enumerate(ranking[:10], start=1)
              if judged.get(d, 0) > 0)
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 1) for i, g in enumerate(ideal, start=1))
    mrr = next((1 / i for i, d in enumerate(ranking[:10], start=1) if d in relevant), 0.0)
    return {"map@100": ap, "ndcg@10": dcg / idcg if idcg else 0.0,
            "recall@10": len(relevant & set(ranking[:10])) / len(relevant),
            "recall@100": len(relevant & set(ranking[:100])) / len(relevant), "mrr@10": mrr}


def test_trec_eval_metrics_equal_the_old_formulas_on_binary_qrels_with_at_most_100_relevant():
    rng = random.Random(7)
    docs = [f"d{i}" for i in range(300)]
    rankings, qrels = {}, {}
    for q in range(300):
        qid = f"q{q}"
        relevant = rng.sample(docs, rng.randint(1, 40))
        qrels[qid] = {d: 1 for d in relevant} | {d: 0 for d in rng.sample(docs, 5) if d not in relevant}
        rankings[qid] = rng.sample(docs, rng.randint(0, 150))  # some longer than 100, one maybe empty
    new = per_query_metrics(rankings, qrels)
    assert set(new) == set(qrels)
    for qid in qrels:
        old = _old_metrics_for_run(rankings[qid], qrels[qid])
        for k in METRIC_KEYS:
            assert new[qid][k] == pytest.approx(old[k], abs=1e-6), (qid, k)
    mean = retrieval_metrics(rankings, qrels)
    assert mean["queries"] == 300
    for k in METRIC_KEYS:
        assert mean[k] == pytest.approx(sum(_old_metrics_for_run(rankings[q], qrels[q])[k] for q in qrels) / 300, abs=1e-6)


def test_graded_example_against_hand_computed_trec_eval_values():
    qrels = {"q": {"a": 3, "b": 1, "c": 2, "d": 0}, "none": {"a": 1}}
    ranking = ["b", "a"] + [f"x{i}" for i in range(9)] + ["c", "d"]  # a at rank 2, c at rank 12
    m = per_query_metrics({"q": ranking, "none": ["a"]}, qrels, rel_min=2)
    assert list(m) == ["q"]  # no document of grade >= 2: the query is not counted
    m = m["q"]
    # relevant (grade >= 2): a (rank 2) and c (rank 12); R = 2
    assert m["map@100"] == pytest.approx((1 / 2 + 2 / 12) / 2)
    assert m["recall@10"] == pytest.approx(1 / 2) and m["recall@100"] == pytest.approx(1.0)
    assert m["mrr@10"] == pytest.approx(1 / 2)  # b (grade 1) is not relevant at rel_min 2
    # nDCG: gain = the grade (also grade 1 below rel_min), discount log2(rank + 1), ideal over all judged grades
    dcg = 1 / math.log2(2) + 3 / math.log2(3)
    idcg = 3 / math.log2(2) + 2 / math.log2(3) + 1 / math.log2(4)
    assert m["ndcg@10"] == pytest.approx(dcg / idcg, abs=1e-9)
    old = _old_metrics_for_run(ranking, qrels["q"], rel_min=2)
    assert old["ndcg@10"] != pytest.approx(m["ndcg@10"], abs=1e-3)  # the old 2^g - 1 gains differ on grades > 1
    assert old["map@100"] == pytest.approx(m["map@100"])


def test_ranking_order_wins_over_trec_evals_tie_breaking_and_empty_rankings_count_zero():
    # with equal scores trec_eval would put "z" before "a" (doc id descending); the ranking says otherwise
    m = per_query_metrics({"q": ["a", "z"], "empty": []}, {"q": {"z": 1}, "empty": {"a": 1}})
    assert m["q"]["mrr@10"] == 0.5 and m["q"]["map@100"] == 0.5
    assert m["empty"] == {k: 0.0 for k in METRIC_KEYS}
    agg = retrieval_metrics({"q": ["z"], "empty": []}, {"q": {"z": 1}, "empty": {"a": 1}})
    assert agg["queries"] == 2 and agg["map@100"] == 0.5


# ---------------------------------------------------------------------------- judged sets
def test_beir_loader_reads_the_benchmark_layout(shared):
    judged = load_beir(shared / "bench/liveqa-medquad")
    with open(shared / "bench/liveqa-medquad/corpus.jsonl", encoding="utf-8") as fh:
        ids = {json.loads(line)["_id"] for line in fh}
    assert len(judged.queries) == 49 and len(judged.corpus) == len(ids) > 1500
    assert max(g for rel in judged.qrels.values() for g in rel.values()) == 3


def test_mtsamples_dev_is_binary_with_at_most_100_relevant_so_its_figures_do_not_move(shared):
    qrels = read_qrels(shared / "bench/mtsamples-topics/qrels/dev.tsv")
    assert len(qrels) == 844
    assert {g for rel in qrels.values() for g in rel.values()} == {1}
    assert max(len(rel) for rel in qrels.values()) <= 100


# ---------------------------------------------------------------------------- run_evaluate
DOCS = {
    "a": "Befund: Lungenembolie im rechten Unterlappen.\n\nBeurteilung: Antikoagulation empfohlen.",
    "b": "DIAGNOSIS: Invasive ductal carcinoma of the left breast, grade 2.\n\nCOMMENT: Reviewed by a pathologist.",
    "c": "PROCEDURE: Laparoscopic cholecystectomy for acute calculous cholecystitis. Gallbladder removed intact.",
    "d": "FINDINGS: Comminuted fracture of the distal radius with dorsal angulation. No dislocation.",
}
QUERIES = {"q1": "radius fracture", "q2": "breast carcinoma", "q3": "gallbladder removal"}


class CountingEncoder:
    """The real model, counting the texts it embeds."""

    def __init__(self, model):
        self.model, self.texts = model, []

    @property
    def prompts(self):
        return getattr(self.model, "prompts", {})

    def encode(self, texts, **kwargs):
        self.texts.extend(texts)
        return self.model.encode(texts, **kwargs)


@pytest.fixture(scope="module")
def model():
    from appliance.models.embedding import load_sentence_transformer

    return load_sentence_transformer(ModelStore().resolve(None, "embedding"), "cpu")


@pytest.fixture
def encoder(model, monkeypatch, tmp_path):
    """Every model load (CLI included) gets the module's model, counted; the cache lives in tmp_path."""
    counting = CountingEncoder(model)
    monkeypatch.setattr("appliance.models.embedding.load_sentence_transformer", lambda path, device="auto": counting)
    monkeypatch.setenv("APPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    return counting


@pytest.fixture
def beir(tmp_path):
    folder = tmp_path / "beir"
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_text("".join(json.dumps({"_id": k, "text": v}) + "\n" for k, v in DOCS.items()))
    (folder / "queries.jsonl").write_text("".join(json.dumps({"_id": k, "text": v}) + "\n" for k, v in QUERIES.items()))
    (folder / "qrels" / "dev.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td\t1\nq2\tb\t1\nq3\tc\t1\n")
    return folder


def _with_tuned(project: Project) -> None:
    """A 'tuned' model: a copy of the base model's folder (other path, so another model to the caches)."""
    shutil.copytree(ModelStore().resolve(None, "embedding"), project.artefact_dir / "models" / "tuned-1")
    project.set_setting("model.tuned", "models/tuned-1")


def test_dense_second_call_embeds_only_the_queries_and_gives_the_same_figures(beir, encoder, capsys, tmp_path):
    options = EvaluateOptions(beir=str(beir), device="cpu")
    first = run_evaluate(None, options)
    sections = first.sections
    assert len(encoder.texts) == sections + len(QUERIES) and not first.cached
    assert first.metrics["map@100"] == 1.0 and first.queries == 3 and first.run_id is None
    assert len(list((tmp_path / "cache" / "evaluate").glob("dense-*.npy"))) == 1
    encoder.texts.clear()
    again = run_evaluate(None, options)
    assert encoder.texts == list(QUERIES.values())  # the sections came from the cache
    assert again.cached and again.metrics == first.metrics and again.sections == sections
    assert capsys.readouterr().out == ""  # the core never prints
    # another corpus (one document less): other sections, embedded again
    (beir / "corpus.jsonl").write_text("".join(json.dumps({"_id": k, "text": v}) + "\n" for k, v in DOCS.items() if k != "a"))
    encoder.texts.clear()
    other = run_evaluate(None, options)
    assert not other.cached and len(encoder.texts) == other.sections + len(QUERIES) < sections + len(QUERIES)


def test_hybrid_reuses_the_cached_project_and_measures_another_model_through_its_evaluation_vectors(
        beir, encoder, tmp_path):
    first = run_evaluate(None, EvaluateOptions(beir=str(beir), mode="hybrid", device="cpu"))
    assert first.metrics["map@100"] == 1.0 and first.mode == "hybrid" and not first.cached
    assert first.fusion["method"] == "minmax" and first.index_model == "base"
    cached = list((tmp_path / "cache" / "evaluate").glob("beir-*.appliance"))
    assert len(cached) == 1
    encoder.texts.clear()
    again = run_evaluate(None, EvaluateOptions(beir=str(beir), mode="hybrid", device="cpu"))
    assert again.cached and again.metrics == first.metrics
    assert encoder.texts == list(QUERIES.values())  # neither imported nor embedded again
    encoder.texts.clear()
    keyword = run_evaluate(None, EvaluateOptions(beir=str(beir), mode="keyword", device="cpu"))
    assert keyword.cached and keyword.metrics["map@100"] == 1.0 and encoder.texts == []
    # the tuned model (another folder): its vectors go to the cached project's evaluation file
    with Project.create(tmp_path / "p.appliance") as project:
        _with_tuned(project)
        tuned = run_evaluate(project, EvaluateOptions(beir=str(beir), mode="hybrid", model="tuned", device="cpu"))
        assert tuned.metrics == first.metrics and tuned.run_id is not None and tuned.model == "tuned"
        config = json.loads(project.db["runs"].get(tuned.run_id)["config"])
        assert config["model_path"].endswith("tuned-1") and config["corpus"] == "beir" and config["mode"] == "hybrid"
    with Project.open(cached[0], readonly=True) as ro:
        assert [a["action"] for a in ro.audit_log()].count("import") == 1
        assert len(list((ro.artefact_dir / "index").glob("eval-*.usearch"))) == 1


def test_the_project_s_own_documents_through_its_index(tmp_path, beir, encoder):
    from appliance.pipeline.index import IndexOptions, run_index
    from appliance.pipeline.ingest import ImportOptions, run_import

    with Project.create(tmp_path / "own.appliance") as project:
        run_import(project, ImportOptions(paths=[str(beir / "corpus.jsonl")], id_field="_id"))
        run_index(project, IndexOptions(source="original", device="cpu"))
        options = EvaluateOptions(queries=str(beir / "queries.jsonl"), qrels=str(beir / "qrels/dev.tsv"),
                                  mode="hybrid", device="cpu")
        report = run_evaluate(project, options)
        assert isinstance(report, EvaluateReport) and report.corpus == "project" and report.metrics["map@100"] == 1.0
        assert report.model == "base" and report.source == "original" and report.run_id is not None
        audited = [json.loads(a["details"]) for a in project.audit_log() if a["action"] == "evaluate"]
        assert audited == [{"model": "base", "queries": report.queries, "run": report.run_id}]  # counts, no query text
        control = JobControl()
        control.cancel()
        with pytest.raises(Cancelled):
            run_evaluate(project, options, control=control)
        with pytest.raises(Exception, match="queries file and a qrels file"):
            run_evaluate(project, EvaluateOptions(mode="keyword"))


def test_progress_is_reported_and_cancel_is_checked(beir, encoder):
    phases, reports = [], []
    control = JobControl(progress=lambda done, total, msg: reports.append((done, total)), on_phase=phases.append)
    run_evaluate(None, EvaluateOptions(beir=str(beir), device="cpu"), control=control)
    assert "Embedding sections" in phases and "Ranking queries" in phases and (3, 3) in reports
    control = JobControl(progress=lambda done, total, msg: control.cancel() if total else None)
    (beir / "corpus.jsonl").write_text(json.dumps({"_id": "z", "text": "FINDINGS: none."}) + "\n")
    with pytest.raises(Cancelled):
        run_evaluate(None, EvaluateOptions(beir=str(beir), device="cpu"), control=control)


# ---------------------------------------------------------------------------- the CLI
def test_evaluate_tuned_through_the_cli_stores_the_run_and_prints_one_json_document(beir, encoder, tmp_path, capsys):
    path = tmp_path / "t.appliance"
    with Project.create(path) as project:
        _with_tuned(project)
    args = ["evaluate", "--beir", str(beir), "--project", str(path), "--device", "cpu"]
    assert main([*args, "--model", "tuned", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)  # the whole of stdout is one JSON document
    assert out["queries"] == 3 and out["metrics"]["mrr@10"] == 1.0 and out["metrics"]["map@100"] == 1.0
    assert out["model"] == "tuned" and out["model_path"].endswith("tuned-1") and out["run_id"] == 1
    assert main([*args, "--mode", "keyword"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].startswith("3 queries,") and text[0].endswith("model base, keyword search:")
    assert [line.split()[0] for line in text[1:]] == list(METRIC_KEYS)
    assert main(["evaluate", "--mode", "hybrid"]) == 2  # neither --beir nor --project: a usage error
    assert main(["evaluate", "--beir", str(beir), "--model", "tuned"]) == 2
    assert main(["evaluate", "--project", str(path), "--mode", "hybrid"]) == 2  # no judged queries given
    with Project.open(path, readonly=True) as ro:
        configs = [json.loads(r["config"]) for r in ro.db["runs"].rows_where("kind = 'evaluate'")]
    assert [(c["model"], c["mode"]) for c in configs] == [("tuned", "dense"), ("base", "keyword")]


def test_compare_and_adopt_print_one_json_document(beir, encoder, tmp_path, capsys):
    path = tmp_path / "c.appliance"
    with Project.create(path) as project:
        _with_tuned(project)
    for model in ("base", "tuned"):
        assert main(["evaluate", "--beir", str(beir), "--project", str(path), "--model", model, "--json"]) == 0
        json.loads(capsys.readouterr().out)
    assert main(["compare", str(path), "--json", "--chart", str(tmp_path / "c.png")]) == 0
    out = json.loads(capsys.readouterr().out)
    # equal on 3 queries: the difference's interval is [0, 0], not above zero, so the guard says "not shown better"
    assert out["adoptable"] is False and out["next_step"] == "evaluate" and len(out["comparisons"]) == 1
    comp = out["comparisons"][0]
    assert comp["verdict"].startswith("tuned and base are equal on mAP@100")
    assert comp["verdict"].endswith("difference +0.000, 95% interval +0.000 to +0.000 over 3 queries")
    assert comp["delta_ci"] == [0.0, 0.0] and comp["base_ci"] == comp["tuned_ci"] == [1.0, 1.0]
    assert "On 3 judged queries the difference" in out["guard_message"]
    assert main(["adopt", str(path), "tuned", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["next_step"] == "evaluate"
    assert main(["adopt", str(path), "tuned", "--force", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["model"] == "tuned" and out["forced"] is True and out["reason"] == "not shown better"
    assert out["next_step"] == "index" and out["comparisons"][0]["tuned"]["map@100"] == 1.0
    assert main(["adopt", str(path), "base", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["model"] == "base"
