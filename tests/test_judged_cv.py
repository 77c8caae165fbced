"""The cross-validated figure of training on a judged set: every query measured once, by a fold model that
never trained on it; the final model after; compare and the adopt guard read the pooled figure."""
from __future__ import annotations

import copy
import json

import pytest

from appliance.cli import main
from appliance.models.project_models import TUNED_SETTING
from appliance.pipeline.judged_cv import CV_MODES, cv_label, run_judged_cv
from appliance.pipeline.judged_sets import judged_data
from appliance.pipeline.judged_training import NEGATIVE_MARGIN, attach_negatives, judged_training_pairs
from appliance.pipeline.report import compare_runs
from appliance.pipeline.search import Searcher, document_keys
from appliance.pipeline.train import TrainOptions, run_train
from appliance.project import Project
from project_support import copy_project
from test_judged_training import SET, built  # noqa: F401  (the module fixture)

pytestmark = pytest.mark.usefixtures("one_model")


@pytest.fixture()
def fast_loader(monkeypatch, encoder):
    """Training gets a copy of the session's model (it is not changed), so each fold starts from the base."""
    monkeypatch.setattr("appliance.models.embedding.load_sentence_transformer",
                        lambda p, device="auto": copy.deepcopy(encoder))


def test_cross_validation_measures_every_query_once_on_a_model_that_never_saw_it(built, tmp_path, fast_loader,  # noqa: F811
                                                                                  capsys):
    path = copy_project(built, tmp_path)
    options = TrainOptions(max_steps=2, batch_size=4, device="cpu", judged=SET, judged_folds=3)
    with Project.open(path) as project:
        _, qrels = judged_data(project, SET)
        measured = sorted(q for q, g in qrels.items() if any(v >= 1 for v in g.values()))
        report = run_judged_cv(project, options)

        # each fold's figure comes from queries its training run did not see, read back from the project
        seen: list[str] = []
        for fold in report.fold_runs:
            train_run = project.db["runs"].get(fold["train_run"])
            config = json.loads(train_run["config"])
            assert config["judged_holdout"] == fold["fold"] and train_run["status"] == "cv-fold"
            assert fold["heldout_keys"] and not set(fold["heldout_keys"]) & set(config["judged_train_keys"])
            seen += fold["heldout_keys"]
        assert sorted(seen) == measured  # every query exactly once
        for mode in CV_MODES:
            m = report.modes[mode]
            assert sorted(m["tuned"]["per_query"]) == measured == sorted(m["base"]["per_query"])
            assert m["tuned"]["queries"] == len(measured) and m["delta_ci"] is not None
        assert report.modes["keyword"]["base"]["per_query"] == report.modes["keyword"]["tuned"]["per_query"]

        # the fold models are gone; the final model trained on every query and is the tuned model now
        for fold in report.fold_runs:
            assert not (project.artefact_dir / "models" / f"tuned-{fold['train_run']}").exists()
        final = json.loads(project.db["runs"].get(report.final_run_id)["config"])
        assert final["judged_holdout"] is None and sorted(final["judged_train_keys"]) == sorted(qrels)
        assert final["judged_cv_run"] == report.run_id
        assert project.get_setting(TUNED_SETTING) == f"models/tuned-{report.final_run_id}"

        # compare (and so the adopt guard and the card) read the pooled figure for the final model
        comps = {(c.label, c.mode): c for c in compare_runs(project)}
        for mode in CV_MODES:
            comp = comps[(cv_label(SET, 3), mode)]
            assert comp.complete and comp.queries == len(measured) and comp.ci_queries == len(measured)
            assert comp.tuned["map@100"] == pytest.approx(report.modes[mode]["tuned"]["map@100"])
        cv_run = json.loads(project.db["runs"].get(report.run_id)["metrics"])
        assert cv_run["modes"]["dense"]["tuned"]["map@100"] == round(report.modes["dense"]["tuned"]["map@100"], 4)

        # started again with the same options (as after a stop), every measured fold is reused, none retrained
        trains = project.db.execute("SELECT count(*) FROM runs WHERE kind = 'train'").fetchone()[0]
        again = run_judged_cv(project, options, final=False)
        assert all(f["resumed"] for f in again.fold_runs)
        assert project.db.execute("SELECT count(*) FROM runs WHERE kind = 'train'").fetchone()[0] == trains
        for mode in CV_MODES:
            assert again.modes[mode]["tuned"]["per_query"] == report.modes[mode]["tuned"]["per_query"]

    assert main(["train", str(path), "--judged", SET, "--judged-folds", "3", "--cross-validate", "--max-steps", "2",
                 "--batch-size", "4", "--device", "cpu"]) == 0
    out = capsys.readouterr().out
    assert "3-fold cross-validated" in out and "dense" in out and "Final model" in out


def test_hard_negatives_are_judged_not_relevant_or_unjudged_well_below_the_positive(built, encoder):  # noqa: F811
    with Project.open(built) as project:
        _, qrels = judged_data(project, SET)
        keys = sorted(qrels)
        by_key = {k: d for d, k in document_keys(project).items()}
        pairs = judged_training_pairs(project, SET, keys, encoder)
        searcher = Searcher(project, encoder=encoder)
        base_path = searcher._resolve_model_path()
        found = attach_negatives(project, SET, pairs, keys, encoder, base_path)
        assert found == sum("negative" in p for p in pairs) and found > len(keys[:6])
        for p in pairs:
            graded = {by_key[d]: g for d, g in qrels[p["key"]].items()}
            zero = {d for d, g in graded.items() if g == 0}
            if "negative" not in p:
                continue
            row = project.db.execute("SELECT s.document_id, s.id FROM section_texts t JOIN sections s ON s.id = "
                                     "t.section_id WHERE t.stage = 'pseudonymized' AND t.text = ?",
                                     [p["negative"]]).fetchone()
            assert row is not None and row[0] not in {d for d, g in graded.items() if g >= 1}
            if zero:  # a person's "not relevant" comes first
                assert row[0] in zero
            else:  # an unjudged section, at least the margin below the positive
                assert row[0] not in graded
                vector = searcher.encode_queries([p["question"]])[0]
                scores = dict(searcher.dense_sections(vector, 1000))  # the index's cosines
                assert scores[row[1]] <= scores[p["section_id"]] - NEGATIVE_MARGIN + 1e-3


def test_training_with_judged_negatives_uses_triplets(built, tmp_path, fast_loader):  # noqa: F811
    path = copy_project(built, tmp_path)
    with Project.open(path) as project:
        report = run_train(project, TrainOptions(max_steps=2, batch_size=4, device="cpu", judged=SET,
                                                 judged_holdout=0, judged_negatives=True))
        config = json.loads(project.db["runs"].get(report.run_id)["config"])
        assert config["judged_negatives_found"] > 0 and "with a hard negative" in report.chose


def test_the_mixing_ratio_is_chosen_on_fold_0_and_used_for_every_later_training(built, tmp_path, fast_loader):  # noqa: F811
    from appliance.pipeline.questions import QuestionsOptions, run_questions

    path = copy_project(built, tmp_path)
    options = TrainOptions(max_steps=2, batch_size=4, device="cpu", judged=SET, judged_folds=2)
    with Project.open(path) as project:
        run_questions(project, QuestionsOptions(per_section=1))
        report = run_judged_cv(project, options, weights=(1.0, 3.0))
        choice = report.weight_choice
        assert sorted(choice["candidates"]) == ["1.0", "3.0"] and choice["chose"] in (1.0, 3.0)
        best = max(choice["candidates"].values())
        assert choice["candidates"][str(choice["chose"])] == best
        # one fold-0 model per candidate, then fold 1 and the final model with the chosen ratio
        runs = [json.loads(r["config"]) for r in project.db["runs"].rows_where("kind = 'train'", order_by="id")]
        assert [(c["judged_holdout"], c["judged_weight"]) for c in runs] == [
            (0, 1.0), (0, 3.0), (1, choice["chose"]), (None, choice["chose"])]
        # the figure without fold 0 (which took part in the choice) is reported too, on fold 1's queries only
        fold1 = set(report.fold_runs[1]["heldout_keys"])
        assert set(report.modes_after_choice["dense"]["tuned"]["per_query"]) == fold1
        stored = json.loads(project.db["runs"].get(report.run_id)["metrics"])
        assert stored["weight_choice"]["chose"] == choice["chose"]
        # without generated questions nothing is mixed, so nothing is chosen
        project.db.execute("DELETE FROM questions")
        again = run_judged_cv(project, options, weights=(1.0, 3.0), final=False)
        assert again.weight_choice["chose"] is None and again.modes_after_choice is None
