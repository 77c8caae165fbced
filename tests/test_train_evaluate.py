import json

import pytest

from appliance.cli import main
from appliance.pipeline.evaluate import aggregate, load_beir, metrics_for_run
from appliance.pipeline.ingest import ImportOptions, import_paths
from appliance.pipeline.pseudonymize import PseudonymizeOptions, pseudonymize_project
from appliance.pipeline.questions import generate_questions
from appliance.pipeline.train import TrainOptions, split_by_document, train_project, training_pairs
from appliance.project import Cancelled, JobControl, Project
from appliance.paths import samples_dir


def test_metrics_match_hand_computed_values():
    m = metrics_for_run(["a", "x", "b", "y"], {"a": 1, "b": 1, "c": 1})
    assert m["map@100"] == pytest.approx((1 + 2 / 3) / 3)
    assert m["recall@10"] == pytest.approx(2 / 3) and m["mrr@10"] == 1.0
    m = metrics_for_run(["x", "a"], {"a": 3, "b": 0})
    assert m["mrr@10"] == 0.5 and m["ndcg@10"] == pytest.approx(1 / 1.5849625)
    assert metrics_for_run(["a"], {"a": 1}, rel_min=2) == {}  # not relevant at that grade: query skipped
    agg = aggregate([{"map@100": 1.0, "ndcg@10": 1, "recall@10": 1, "recall@100": 1, "mrr@10": 1}, {}])
    assert agg["queries"] == 1 and agg["map@100"] == 1.0


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("train")
    with Project.create(tmp / "demo.appliance") as project:
        import_paths(project, [samples_dir() / "reports"])
        import_paths(project, [samples_dir() / "reports.jsonl"], ImportOptions(id_field="id", type_field="type"))
        pseudonymize_project(project, None, PseudonymizeOptions(irreversible=True))
        generate_questions(project, per_section=3)
        control = JobControl()
        control.progress = lambda done, total, msg: control.cancel() if done >= 2 else None
        with pytest.raises(Cancelled):
            train_project(project, TrainOptions(max_steps=4, batch_size=8, device="cpu"), control)
        report = train_project(project, TrainOptions(max_steps=4, batch_size=8, device="cpu", resume=True))
        yield project, report


def test_split_by_document_never_leaks(trained):
    project, _ = trained
    pairs = training_pairs(project)
    train, val = split_by_document(pairs, 0.2, seed=1)
    assert train and val and len(train) + len(val) == len(pairs)
    assert not {p["document_id"] for p in train} & {p["document_id"] for p in val}


def test_default_training_pairs_are_title_like_heuristic_questions(trained):
    project, report = trained
    kinds = {r[0] for r in project.db.execute("SELECT DISTINCT kind FROM questions")}
    assert {"heuristic", "title"} <= kinds
    default = training_pairs(project, None, TrainOptions().kinds)
    every = training_pairs(project)
    assert 16 <= len(default) < len(every)
    title_ids = {r[0] for r in project.db.execute("SELECT id FROM questions WHERE kind IN ('title', 'title-abbrev')")}
    assert {p["qid"] for p in default} == title_ids
    assert "question kinds title, title-abbrev" in report.chose and "0.5 x (tuned - base)" in report.chose


def test_merge_with_base_is_halfway_between_the_weights():
    import torch

    from appliance.pipeline.train import merge_with_base

    model = torch.nn.Linear(3, 2)
    base = {k: torch.zeros_like(v) for k, v in model.state_dict().items()}
    tuned = {k: v.clone() for k, v in model.state_dict().items()}
    merge_with_base(model, base, 0.5)
    for k, v in model.state_dict().items():
        assert torch.allclose(v, tuned[k] * 0.5)
    merge_with_base(model, base, 1.0)  # 1 keeps the tuned weights
    assert torch.allclose(model.state_dict()["weight"], tuned["weight"] * 0.5)


def test_training_resumes_registers_model_and_is_usable(trained, tmp_path, capsys):
    project, report = trained
    assert report.steps == 4 and report.device == "cpu"
    assert (report.model_path / "config_sentence_transformers.json").is_file()
    assert project.get_setting("model.tuned") == f"models/tuned-{report.run_id}"
    runs = list(project.db["runs"].rows_where("kind = 'train'"))
    assert [r["status"] for r in runs] == ["cancelled", "done"]
    assert "cosine_map@100" in report.val_metrics
    assert "cosine_map@100" in report.val_base_metrics  # the base model on the same held-out questions
    assert json.loads(runs[-1]["metrics"])["validation_base"] == report.val_base_metrics
    # evaluate the tuned model through the CLI on a small BEIR folder
    beir = tmp_path / "beir"
    (beir / "qrels").mkdir(parents=True)
    docs = {"d1": "FINDINGS: Acute sigmoid diverticulitis with a pericolic abscess.",
            "d2": "PROCEDURE: Right carpal tunnel release under tourniquet control.",
            "d3": "IMPRESSION: No acute intracranial hemorrhage."}
    (beir / "corpus.jsonl").write_text("".join(json.dumps({"_id": k, "text": v}) + "\n" for k, v in docs.items()))
    (beir / "queries.jsonl").write_text(json.dumps({"_id": "q1", "text": "diverticulitis abscess"}) + "\n"
                                        + json.dumps({"_id": "q2", "text": "carpal tunnel release"}) + "\n")
    (beir / "qrels" / "dev.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n")
    project.close()
    path = str(project.path)
    assert main(["evaluate", "--beir", str(beir), "--project", path, "--model", "tuned", "--device", "cpu", "--json"]) == 0
    tuned = json.loads(capsys.readouterr().out)
    assert tuned["queries"] == 2 and tuned["mrr@10"] == 1.0 and tuned["map@100"] == 1.0
    assert main(["evaluate", "--mode", "hybrid"]) == 2  # neither --beir nor --project: a usage error
    with Project.open(path, readonly=True) as ro:
        assert [json.loads(r["config"])["model"] for r in ro.db["runs"].rows_where("kind = 'evaluate'")] == ["tuned"]


def test_beir_loader_reads_the_benchmark_layout(shared):
    judged = load_beir(shared / "bench/liveqa-medquad")
    with open(shared / "bench/liveqa-medquad/corpus.jsonl", encoding="utf-8") as fh:
        ids = {json.loads(line)["_id"] for line in fh}
    assert len(judged.queries) == 49 and len(judged.corpus) == len(ids) > 1500
    assert max(g for rel in judged.qrels.values() for g in rel.values()) == 3


def test_cpu_step_measurement_costs_nothing_but_time(trained):
    """The CPU default derives its step budget from real steps; they must not change the weights."""
    import torch
    from sentence_transformers import losses

    from appliance.models.embedding import load_sentence_transformer
    from appliance.pipeline.train import _measure_step_seconds

    project, report = trained
    with Project.open(project.path, readonly=True) as ro:  # an earlier test closed the shared project
        pairs = training_pairs(ro)
    model = load_sentence_transformer(report.model_path, "cpu")
    before = [p.detach().clone() for p in model.parameters()]
    seconds = _measure_step_seconds(model, losses.MultipleNegativesRankingLoss(model), pairs, 4, steps=2)
    assert 0 < seconds < 60
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))


def test_cpu_time_budget_stops_training_when_the_machine_gets_slower():
    from types import SimpleNamespace

    from appliance.pipeline.train import _ProgressCallback

    callback = _ProgressCallback(JobControl(), total_steps=10, time_limit_s=1e-6)
    state, ctl = SimpleNamespace(global_step=1, max_steps=10), SimpleNamespace(should_training_stop=False, should_save=False)
    callback.on_train_begin(None, state, ctl)
    callback.on_step_end(None, state, ctl)
    assert ctl.should_training_stop and callback.hit_time_limit
    relaxed = _ProgressCallback(JobControl(), total_steps=10, time_limit_s=3600)
    ctl = SimpleNamespace(should_training_stop=False, should_save=False)
    relaxed.on_train_begin(None, state, ctl)
    relaxed.on_step_end(None, state, ctl)
    assert not ctl.should_training_stop and not relaxed.hit_time_limit
