"""Learning from a judged set without cheating: query folds, pairs from judgments, and evaluation that keeps
to the queries held out from training."""
from __future__ import annotations

import copy
import json
import shutil

import numpy as np
import pytest

from appliance.cli import main
from appliance.paths import samples_dir
from appliance.pipeline.evaluate import EvaluateOptions, run_evaluate
from appliance.pipeline.index import IndexOptions, run_index
from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.pipeline.judged import read_qrels, read_queries
from appliance.pipeline.judged_sets import import_beir, judged_data
from appliance.pipeline.judged_training import (
    heldout_keys_for,
    judged_negatives,
    judged_training_pairs,
    oversample,
    query_folds,
)
from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize
from appliance.pipeline.report import compare_runs
from appliance.pipeline.search import document_keys
from appliance.pipeline.train import TrainOptions, run_train
from appliance.project import Project, ProjectError

JUDGED = samples_dir() / "judged"
SET = "ward"
HOLDOUT = 1

pytestmark = pytest.mark.usefixtures("one_model")


@pytest.fixture(scope="module")
def built(tmp_path_factory, encoder):
    """The 18 sample reports, pseudonymized irreversibly and indexed, with the sample judged set (22 queries)
    plus a grade 0 for one more document of each of the first six queries."""
    tmp = tmp_path_factory.mktemp("judged-training")
    path = tmp / "jt.appliance"
    with Project.create(path) as project:
        run_import(project, ImportOptions(paths=[str(samples_dir() / "reports")]))
        run_import(project, ImportOptions(paths=[str(samples_dir() / "reports.jsonl")], id_field="id"))
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
        run_index(project, IndexOptions(device="cpu"), encoder=encoder)
        qrels = read_qrels(JUDGED / "qrels.tsv")
        all_docs = sorted(set(document_keys(project).values()))
        lines = ["query-id\tcorpus-id\tscore"]
        for i, (key, docs) in enumerate(sorted(qrels.items())):
            lines += [f"{key}\t{doc}\t{grade}" for doc, grade in docs.items()]
            if i < 6:
                lines.append(f"{key}\t{next(d for d in all_docs if d not in docs)}\t0")
        (tmp / "qrels.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        import_beir(project, None, SET, queries=JUDGED / "queries.jsonl", qrels=tmp / "qrels.tsv")
    return path


@pytest.fixture(scope="module")
def trained(built, encoder, tmp_path_factory):
    """A copy of ``built`` trained (2 steps) on the judged set with fold HOLDOUT held out and no generated
    questions; training gets a copy of the loaded model, so the session's encoder is not changed."""
    path = tmp_path_factory.mktemp("trained") / built.name
    shutil.copy(built, path)
    shutil.copytree(built.with_name(built.name + ".artefacts"), path.with_name(path.name + ".artefacts"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("appliance.models.embedding.load_sentence_transformer", lambda p, device="auto": copy.deepcopy(encoder))
        with Project.open(path) as project:
            report = run_train(project, TrainOptions(max_steps=2, batch_size=4, device="cpu", judged=SET,
                                                     judged_holdout=HOLDOUT))
    return path, report


def _train_config(project) -> dict:
    row = project.db.execute("SELECT config FROM runs WHERE kind = 'train' ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(row[0])


# ---------------------------------------------------------------------------- folds
def test_query_folds_partition_the_keys_and_are_reproducible():
    keys = [f"q{i}" for i in range(1, 23)]
    folds = query_folds(list(reversed(keys)), 5, seed=0)
    assert len(folds) == 5 and sorted(k for f in folds for k in f) == sorted(keys)  # each key exactly once
    assert sorted(len(f) for f in folds) == [4, 4, 4, 5, 5]  # dealt round-robin
    assert query_folds(keys, 5, seed=0) == folds  # the input order does not matter, the seed does
    assert query_folds(keys, 5, seed=1) != folds
    with pytest.raises(ProjectError, match="too few for 5 folds"):
        query_folds(keys[:4], 5)


def test_oversampling_reaches_the_ratio_and_uses_every_pair():
    judged = [{"qid": f"j{i}"} for i in range(3)]
    out = oversample(judged, generated=10, weight=1.0)
    assert len(out) == 10 and {p["qid"] for p in out} == {"j0", "j1", "j2"}
    assert sorted(sum(p["qid"] == q["qid"] for p in out) for q in judged) == [3, 3, 4]
    assert oversample(judged, generated=0, weight=1.0) == judged  # judged pairs alone: each once
    assert oversample(judged, generated=10, weight=0.1) == judged  # never fewer than each once
    with pytest.raises(ProjectError):
        oversample(judged, 10, 0)


# ---------------------------------------------------------------------------- pairs and negatives
def test_pairs_use_the_best_pseudonymized_section_of_relevant_documents_only(built, encoder):
    with Project.open(built) as project:
        _, qrels = judged_data(project, SET)
        queries = read_queries(JUDGED / "queries.jsonl")
        by_key = {k: d for d, k in document_keys(project).items()}
        train = sorted(qrels)[:8]
        pairs = judged_training_pairs(project, SET, train, encoder)
        assert {(p["qid"].split(":")[2], p["document_id"]) for p in pairs} == {
            (q, by_key[d]) for q in train for d, g in qrels[q].items() if g >= 1}
        several = 0
        for p in pairs:
            key = p["qid"].split(":")[2]
            assert p["qid"] == f"judged:{SET}:{key}:{p['document_id']}" and p["question"] == queries[key]
            sections = project.db.execute(
                "SELECT s.id, t.text FROM sections s JOIN section_texts t ON t.section_id = s.id "
                "AND t.stage = 'pseudonymized' WHERE s.document_id = ? ORDER BY s.ord", [p["document_id"]]).fetchall()
            scores = encoder.encode([t for _, t in sections], normalize_embeddings=True) @ \
                encoder.encode(p["question"], normalize_embeddings=True)
            assert (p["section_id"], p["passage"]) == tuple(sections[int(np.argmax(scores))])
            several += len(sections) > 1
        assert several >= 3  # the choice of the section is a real one
        assert {"qid", "question", "passage", "section_id", "document_id"} <= set(pairs[0])  # training_pairs' shape


def test_negatives_come_only_from_documents_judged_not_relevant(built, encoder):
    with Project.open(built) as project:
        _, qrels = judged_data(project, SET)
        by_key = {k: d for d, k in document_keys(project).items()}
        keys = sorted(qrels)
        negatives = judged_negatives(project, SET, keys[:4], encoder)
        expected = {(q, by_key[d]) for q in keys[:4] for d, g in qrels[q].items() if g == 0}
        assert len(expected) == 4 and {(n["qid"].split(":")[2], n["document_id"]) for n in negatives} == expected
        positives = {(p["qid"].split(":")[2], p["document_id"]) for p in judged_training_pairs(project, SET, keys[:4], encoder)}
        assert not positives & expected
        assert judged_negatives(project, SET, keys[10:], encoder) == []  # no grade 0 there; unjudged are no negatives


# ---------------------------------------------------------------------------- no cheating
def test_training_records_the_split_and_evaluation_keeps_to_the_held_out_queries(trained, capsys):
    path, report = trained
    with Project.open(path) as project:
        _, qrels = judged_data(project, SET)
        config = _train_config(project)
        train_keys, held = config["judged_train_keys"], config["judged_heldout_keys"]
        assert config["judged"] == SET and config["judged_holdout"] == HOLDOUT and config["judged_folds"] == 5
        assert not set(train_keys) & set(held) and sorted(train_keys + held) == sorted(qrels)
        assert held == sorted(query_folds(list(qrels), 5)[HOLDOUT])
        assert (report.judged_train_keys, report.judged_heldout_keys) == (train_keys, held)
        assert report.train_pairs >= 16 and "judged set 'ward'" in report.chose
        assert heldout_keys_for(project, SET) == held and heldout_keys_for(project, "other") is None

        tuned = run_evaluate(project, EvaluateOptions(judged_set=SET, model="tuned", device="cpu"))
        run = project.db["runs"].get(tuned.run_id)
        per_query = json.loads(run["metrics"])["per_query"]
        assert sorted(per_query) == held and not set(per_query) & set(train_keys)
        assert json.loads(run["config"])["judged_keys"] == held and tuned.judged_fold == HOLDOUT
        with pytest.raises(ProjectError, match="trained on 1 of these queries"):
            run_evaluate(project, EvaluateOptions(judged_set=SET, model="tuned", device="cpu",
                                                  judged_keys=[held[0], train_keys[0]]))
        # the base model is measured on the same held-out queries, so the comparison is like with like
        base = run_evaluate(project, EvaluateOptions(judged_set=SET, model="base", device="cpu"))
        assert sorted(json.loads(project.db["runs"].get(base.run_id)["metrics"])["per_query"]) == held
        run_evaluate(project, EvaluateOptions(judged_set=SET, model="base", device="cpu", judged_keys=sorted(qrels)))
        comps = {c.label: c for c in compare_runs(project)}
        fold = comps[f"{SET} (held-out fold {HOLDOUT} of folds 0 to 4)"]
        assert (fold.base_run, fold.tuned_run, fold.queries) == (base.run_id, tuned.run_id, len(held))
        assert comps[f"{SET} ({len(qrels)} chosen queries)"].tuned_run is None  # all queries: never the tuned model
        assert QUERY_TEXT not in json.dumps(project.audit_log())

    assert main(["evaluate", str(path), "--judged", SET, "--model", "tuned", "--device", "cpu"]) == 0
    out = capsys.readouterr().out
    assert f"{len(held)} queries held out from training (fold {HOLDOUT} of folds 0 to 4)" in out


def test_a_model_trained_on_every_fold_cannot_be_measured_on_the_set(trained, encoder, tmp_path):
    path, _ = trained
    copy_path = tmp_path / path.name
    shutil.copy(path, copy_path)
    shutil.copytree(path.with_name(path.name + ".artefacts"), copy_path.with_name(copy_path.name + ".artefacts"))
    with Project.open(copy_path) as project:
        run = project.db.execute("SELECT id, config FROM runs WHERE kind = 'train' ORDER BY id DESC").fetchone()
        config = json.loads(run[1])
        config.update(judged_holdout=None, judged_train_keys=sorted(judged_data(project, SET)[1]), judged_heldout_keys=[])
        with project.db.atomic():
            project.db["runs"].update(run[0], {"config": json.dumps(config)})
        assert heldout_keys_for(project, SET) == []
        with pytest.raises(ProjectError, match="trained on every query"):
            run_evaluate(project, EvaluateOptions(judged_set=SET, model="tuned", device="cpu"))
        base = run_evaluate(project, EvaluateOptions(judged_set=SET, model="base", device="cpu"))
        assert base.judged_keys is None and base.queries == len(judged_data(project, SET)[1])


QUERY_TEXT = read_queries(JUDGED / "queries.jsonl")["q01"]
