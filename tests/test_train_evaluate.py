import json
from pathlib import Path

import pytest

from appliance.paths import samples_dir
from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize
from appliance.pipeline.questions import QuestionsOptions, run_questions
from appliance.pipeline.train import TrainOptions, run_train, split_by_document, training_pairs
from appliance.project import Cancelled, JobControl, Project


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("train")
    with Project.create(tmp / "demo.appliance") as project:
        run_import(project, ImportOptions(paths=[samples_dir() / "reports"]))
        run_import(project, ImportOptions(paths=[samples_dir() / "reports.jsonl"], id_field="id", type_field="type"))
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
        run_questions(project, QuestionsOptions(per_section=3))
        control = JobControl()
        control.progress = lambda done, total, msg: control.cancel() if done >= 2 else None
        with pytest.raises(Cancelled):
            run_train(project, TrainOptions(max_steps=4, batch_size=8, device="cpu"), control=control)
        report = run_train(project, TrainOptions(max_steps=4, batch_size=8, device="cpu", resume=True))
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


def test_training_resumes_registers_model_and_is_usable(trained):
    project, report = trained
    assert report.steps == 4 and report.device == "cpu"
    assert (Path(report.model_path) / "config_sentence_transformers.json").is_file()
    assert project.get_setting("model.tuned") == f"models/tuned-{report.run_id}"
    runs = list(project.db["runs"].rows_where("kind = 'train'"))
    assert [r["status"] for r in runs] == ["cancelled", "done"]
    assert "cosine_map@100" in report.validation
    assert "cosine_map@100" in report.validation_base  # the base model on the same held-out questions
    assert json.loads(runs[-1]["metrics"])["validation_base"] == report.validation_base


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
