"""Base vs tuned side by side (table, verdict, chart) and the adoption guard, on stored runs."""
import json
import struct
from dataclasses import asdict

import pytest

from appliance.cli import main
from appliance.models.project_models import SEARCH_MODEL_SETTING, TUNED_SETTING, search_model_spec
from appliance.pipeline.report import (
    AdoptRefused,
    AdoptResult,
    adopt,
    chart_size,
    compare_project,
    compare_runs,
    format_table,
    save_chart,
    validation_comparison,
)
from appliance.project import Project
from appliance.project.db import now_iso
from project_support import register_tuned_model

BASE = {"map@100": 0.500, "ndcg@10": 0.600, "recall@10": 0.700, "recall@100": 0.900, "mrr@10": 0.550, "queries": 20}


def _metrics(**changes):
    return BASE | changes


def _evaluate(project, model, metrics, **config) -> int:
    config = {"beir": "/data/judged", "queries": None, "qrels": None, "split": "dev", "model": model,
              "mode": "dense", "rel_min": 1} | config
    with project.db.atomic():
        return project.db["runs"].insert({"kind": "evaluate", "status": "done", "created_at": now_iso(),
                                          "config": json.dumps(config), "metrics": json.dumps(metrics)}).last_pk


def test_table_ratio_and_verdict_per_judged_set(project):
    register_tuned_model(project)
    _evaluate(project, "base", _metrics(**{"map@100": 0.9}))  # replaced by the later base run below
    _evaluate(project, "base", BASE)
    _evaluate(project, "tuned", _metrics(**{"map@100": 0.550, "mrr@10": 0.5}))
    _evaluate(project, "base", BASE, rel_min=2)  # another judged set: only the base was measured there
    comps = compare_runs(project)
    assert len(comps) == 2
    first, second = comps
    assert first.complete and not second.complete
    rows = {r["key"]: r for r in first.rows()}
    assert rows["map@100"]["base"] == 0.5 and rows["map@100"]["tuned"] == 0.55
    assert rows["map@100"]["ratio"] == pytest.approx(1.1) and rows["mrr@10"]["ratio"] == pytest.approx(0.5 / 0.55)
    assert first.verdict == "tuned is better on mAP@100 by 0.050 (0.550 vs 0.500, tuned/base 1.10)"
    assert "grade >= 2" in second.label and second.verdict.startswith("only the base model was measured")
    table = format_table(first)
    assert table.splitlines()[0].split() == ["metric", "base", "tuned", "tuned/base"]
    assert "mAP@100" in table and "1.10" in table and "Recall@100" in table
    _evaluate(project, "tuned", _metrics(**{"map@100": 0.450}))
    assert compare_runs(project)[0].verdict.startswith("tuned is worse on mAP@100 by 0.050")


def test_runs_of_an_older_tuned_model_do_not_count(project):
    register_tuned_model(project)
    _evaluate(project, "base", BASE)
    _evaluate(project, "tuned", _metrics(**{"map@100": 0.8}))
    register_tuned_model(project)  # a new tuned model: the old figures say nothing about it
    comp = compare_runs(project)[0]
    assert comp.base is not None and comp.tuned is None
    _evaluate(project, "tuned", _metrics(**{"map@100": 0.6}), model_path=project.get_setting(TUNED_SETTING))
    assert compare_runs(project)[0].tuned["map@100"] == 0.6


def _png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_chart_is_a_png_of_the_expected_size(project, tmp_path):
    register_tuned_model(project)
    _evaluate(project, "base", BASE)
    _evaluate(project, "tuned", _metrics(**{"map@100": 0.55}))
    _evaluate(project, "base", BASE, beir="/data/other")
    _evaluate(project, "tuned", _metrics(**{"map@100": 0.45}), beir="/data/other")
    comps = compare_runs(project)
    path = save_chart(comps, tmp_path / "chart.png")
    assert _png_size(path) == chart_size(2) == (1120, 470)
    assert _png_size(save_chart(comps[:1], tmp_path / "one.png")) == chart_size(1) == (700, 470)
    assert save_chart([], tmp_path / "none.png") is None
    report = compare_project(project)  # default place: the artefact folder's reports/
    assert report.chart == project.artefact_dir / "reports" / "base-vs-tuned.png" and report.chart.is_file()
    assert not report.adoptable and "1 of 2 judged set(s)" in report.guard_message and report.next_step == "train"
    assert "appliance" not in report.guard_message  # no shell commands in the core's messages
    data = asdict(report)  # plain data all the way down
    assert data["comparisons"][0]["base"]["map@100"] == 0.5 and data["comparisons"][1]["tuned_worse"] is True


def test_adopt_refuses_without_a_comparison_and_says_evaluate_first(project):
    with pytest.raises(Exception, match="no tuned model"):
        adopt(project, "tuned")
    register_tuned_model(project)
    _evaluate(project, "base", BASE)  # the base alone is no comparison
    with pytest.raises(AdoptRefused) as exc:
        adopt(project, "tuned")
    message = str(exc.value)
    assert "no stored comparison" in message and "appliance" not in message
    assert exc.value.next_step == "evaluate" and exc.value.reason == "no comparison" and exc.value.comparisons == []
    assert search_model_spec(project) == "base" and project.get_setting(SEARCH_MODEL_SETTING) is None


def test_adopt_refuses_when_worse_on_any_set_and_force_is_audited(project):
    register_tuned_model(project)
    _evaluate(project, "base", BASE)
    _evaluate(project, "tuned", _metrics(**{"map@100": 0.6}))
    _evaluate(project, "base", BASE, beir="/data/liveqa", rel_min=2)
    _evaluate(project, "tuned", _metrics(**{"map@100": 0.4}), beir="/data/liveqa", rel_min=2)
    with pytest.raises(AdoptRefused) as exc:
        adopt(project, "tuned")
    message = str(exc.value)
    assert "worse than the base model on mAP@100 on 1 of 2" in message and "appliance" not in message
    assert "tuned is worse on mAP@100 by 0.100 (0.400 vs 0.500" in message and "tuned is better" in message
    assert exc.value.next_step == "train" and exc.value.reason == "tuned worse"
    assert sorted((c.base["map@100"], c.tuned["map@100"]) for c in exc.value.comparisons) == [(0.5, 0.4), (0.5, 0.6)]
    assert search_model_spec(project) == "base"
    out = adopt(project, "tuned", force=True)
    assert isinstance(out, AdoptResult) and out.forced and out.reason == "tuned worse" and out.next_step == "index"
    assert "recorded in the audit log" in out.message and len(out.comparisons) == 2
    assert search_model_spec(project) == "tuned"
    entry = [a for a in project.audit_log() if a["action"] == "adopt"][-1]
    details = json.loads(entry["details"])
    assert details["forced"] is True and details["reason"] == "tuned worse" and details["model"] == "tuned"
    assert {f["tuned"] for f in details["figures"]} == {0.6, 0.4}


def test_adopt_when_better_and_a_later_training_does_not_switch_search(project):
    adopted = register_tuned_model(project)
    _evaluate(project, "base", BASE)
    _evaluate(project, "tuned", _metrics(**{"map@100": 0.6}))
    result = adopt(project, "tuned")
    assert "Search now uses the tuned model" in result.message and "appliance" not in result.message
    assert result.model == "tuned" and result.model_path == adopted and not result.forced and result.reason is None
    assert result.next_step == "index"  # the search index must be built again with the adopted model
    assert project.get_setting(SEARCH_MODEL_SETTING) == "tuned" and search_model_spec(project) == "tuned"
    assert json.loads([a for a in project.audit_log() if a["action"] == "adopt"][-1]["details"])["forced"] is False
    register_tuned_model(project)  # registers a newer tuned model, not compared yet: search keeps the adopted folder
    assert search_model_spec(project) == str(project.artefact_dir / adopted)
    assert adopt(project, "base").message == "Search uses the base model." and search_model_spec(project) == "base"


def test_validation_comparison_from_the_train_run(project):
    register_tuned_model(project, {"validation": {"cosine_map@100": 0.7, "cosine_ndcg@10": 0.75},
                     "validation_base": {"cosine_map@100": 0.6, "cosine_ndcg@10": 0.65}})
    v = validation_comparison(project)
    assert v["base"]["map@100"] == 0.6 and v["tuned"]["map@100"] == 0.7 and v["tuned"]["ndcg@10"] == 0.75


def test_compare_and_adopt_verbs(project, capsys, tmp_path):
    register_tuned_model(project)
    _evaluate(project, "base", BASE)
    _evaluate(project, "tuned", _metrics(**{"map@100": 0.45}))
    path = str(project.path)
    project.close()
    chart = tmp_path / "c.png"
    assert main(["compare", path, "--json", "--chart", str(chart)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["adoptable"] is False and out["search_model"] == "base" and out["chart"] == str(chart)
    assert out["comparisons"][0]["base"]["map@100"] == 0.5 and out["comparisons"][0]["tuned_worse"] is True
    assert out["next_step"] == "train"
    assert _png_size(chart) == chart_size(1)
    assert main(["compare", path]) == 0
    text = capsys.readouterr().out
    assert "tuned/base" in text and "Verdict: tuned is worse on mAP@100 by 0.050" in text
    assert f"Next: run `appliance train {path}`." in text
    assert main(["adopt", path, "tuned"]) == 1
    err = capsys.readouterr().err
    assert "worse than the base model" in err and f"appliance adopt {path} tuned --force" in err
    assert f"Next: run `appliance train {path}`." in err
    assert main(["adopt", path, "tuned", "--json"]) == 1  # refused: one JSON document with the error
    refused = json.loads(capsys.readouterr().out)
    assert refused["next_step"] == "train" and refused["exit_code"] == 1
    assert main(["adopt", path, "tuned", "--force"]) == 0
    text = capsys.readouterr().out
    assert "recorded in the audit log" in text and f"Rebuild the search index with it: appliance index {path}" in text
    with Project.open(path, readonly=True) as ro:
        assert search_model_spec(ro) == "tuned"
        assert json.loads([a for a in ro.audit_log() if a["action"] == "adopt"][-1]["details"])["forced"] is True


def test_compare_text_shows_the_validation_and_what_to_run_first(project, capsys):
    register_tuned_model(project, {"validation": {"cosine_map@100": 0.707, "cosine_ndcg@10": 0.761},
                     "validation_base": {"cosine_map@100": 0.467, "cosine_ndcg@10": 0.52}})
    _evaluate(project, "base", BASE)
    path = str(project.path)
    project.close()
    assert main(["compare", path]) == 0
    out = capsys.readouterr().out
    assert "On held-out generated questions" in out
    assert [line.split() for line in out.splitlines() if line.strip().startswith("mAP@100")][-1] == ["mAP@100", "0.467", "0.707"]
    assert "only the base model was measured" in out and "no stored comparison" in out
    assert "Next: run `appliance evaluate --project " + path in out
